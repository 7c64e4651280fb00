/**
 * The inspector's words and lookups that the start-up bundle needs as well as the inspection model: the
 * hover (hoverText.ts) and the tree view (inspectorTree.ts) use them before the model is loaded on demand.
 * Pure: no runtime `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import { formatRelative } from '../core/jwt';
import type { TokenState } from '../core/jwt';
import type { InspectorNode } from './inspectionModel';

/** Every node, depth first: for lookups by id and for tests. */
export function flattenNodes(nodes: readonly InspectorNode[]): InspectorNode[] {
  const all: InspectorNode[] = [];
  const visit = (list: readonly InspectorNode[]) => {
    for (const node of list) {
      all.push(node);
      if (node.children) visit(node.children);
    }
  };
  visit(nodes);
  return all;
}

/** "valid · expires in 42 min", "expired 3 h ago": the token's times in one phrase. */
export function stateText(state: TokenState, expiresInMs: number | undefined, nbfInMs?: number): string {
  const left = expiresInMs === undefined ? '' : formatRelative(expiresInMs);
  switch (state) {
    case 'valid': return l10n.t({ message: 'valid · expires {0}', args: [left], comment: ['{0} is a time such as "in 42 min"'] });
    case 'expiring': return l10n.t({ message: 'expiring · expires {0}', args: [left], comment: ['{0} is a time such as "in 3 min"'] });
    // An expired token's exp lies behind: "3 h ago" (formatRelative of a past moment).
    case 'expired': return l10n.t({ message: 'expired {0}', args: [formatRelative(-Math.abs(expiresInMs ?? 0))], comment: ['{0} is a time such as "3 h ago"'] });
    case 'not-yet-valid': return nbfInMs === undefined
      ? l10n.t('not valid yet · becomes valid later')
      : l10n.t({ message: 'not valid yet · becomes valid {0}', args: [formatRelative(nbfInMs)], comment: ['{0} is a time such as "in 5 min"'] });
    case 'no-expiry': return l10n.t('no expiry (exp missing)');
    case 'invalid': return l10n.t('invalid times');
  }
}

/** One line, no control characters, at most `max` characters: for labels and tooltips. */
export function clipText(text: string, max = 200): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
