/**
 * What the Token Inspector shows, as plain values: the nodes of its tree (InspectorNode), what was inspected
 * (InspectorContent), and the words the tree and the hover share. Pure (no runtime `vscode` import), tested
 * in plain Node; inspectionNodes.ts builds the nodes, inspectorTree.ts only maps them to TreeItems.
 * The raw token never appears in a label, description or tooltip: only the Raw token node's `value`
 * (what "Copy" copies) holds it.
 */
import * as l10n from '@vscode/l10n';
import { formatRelative } from '../../platform/model/words/timeWords';
import type { DecodedJwt, JwtDecodeError, ExpiryState } from '../../core/jwt';
import type { InspectionReport } from './inspectionCheckWords';

export type IconKind =
  | 'pass' | 'fail' | 'skip' | 'warning' | 'pending'
  | 'header' | 'claims' | 'claim' | 'time' | 'list-item' | 'key' | 'validation';

export interface InspectorNode {
  /**
   * Unique in the tree and stable across refreshes (the tree keeps expansion by it): "claims", "claim:tenantId",
   * "claim:scope:1" (an item), "check:exp". Names from the token are escaped (idPart).
   */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: IconKind;
  /** What "Copy Value" copies; absent for nodes with nothing to copy. */
  readonly value?: string;
  /** Extra contextValue words besides `copyable` (e.g. "rawToken"). */
  readonly context?: string;
  readonly children?: readonly InspectorNode[];
  /** Initial state of a node with children. */
  readonly expanded?: boolean;
  /** What selecting the node does, if anything: confirm the token's issuer (in a dialog, once) and verify. */
  readonly action?: { readonly kind: 'confirmIssuer'; readonly issuer: string };
}

/** Where the inspected text came from, for the summary's tooltip and the log. */
export type TokenOrigin = 'argument' | 'selection' | 'cursor' | 'clipboard' | 'input' | 'profile';

export type InspectorContent =
  | { readonly kind: 'malformed'; readonly error: JwtDecodeError; readonly origin: TokenOrigin }
  | {
    readonly kind: 'token';
    readonly token: DecodedJwt;
    readonly origin: TokenOrigin;
    /** "the keys of profile "demo" (https://…)" or why the signature is not checked. */
    readonly keys: string;
    /** Undefined while the verification runs. */
    readonly report?: InspectionReport;
    /** When the report was made (ms), for "checked at". */
    readonly verifiedAtMs?: number;
    /** The token's issuer, normalised, when the user may confirm it to verify the signature (no profile names it). */
    readonly confirmableIssuer?: string;
  };

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
export function stateText(state: ExpiryState, expiresInMs: number | undefined, nbfInMs?: number): string {
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

