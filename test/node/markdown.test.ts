import assert from 'node:assert/strict';
import { KonexusError } from '../../src/core/errors';
import { escapeMarkdown, escapeMarkdownLine } from '../../src/core/markdown';
import type { Profile } from '../../src/core/tokens/profiles';
import { Redactor } from '../../src/core/redact';
import type { TokenState } from '../../src/core/tokens/tokenState';
import { statusView } from '../../src/tokens/model/statusView';
import { statusTooltipMarkdown, TOOLTIP_COMMANDS } from '../../src/tokens/model/statusTooltip';

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);
const HOSTILE = '[x](command:konexus.signOut) $(alert) <img src=x onerror=alert(1)> a | b ![i](https://evil.example/p.png) https://evil.example &lt; `c` **d**';

/** What a reader sees of escaped text: every backslash escape undone. */
const unescape = (markdown: string) => markdown.replace(/\\(.)/g, '$1');
/** Theme icons the renderer would draw: after Markdown's escapes, `$(name)` not preceded by a backslash. */
const icons = (markdown: string) => unescape(markdown).match(/(?<!\\)\$\([\w~-]+\)/g) ?? [];
/** Markdown syntax characters that are not escaped by a backslash (an escaped backslash counts as escaped). */
const unescaped = (markdown: string, chars: RegExp) => markdown.replace(/\\./g, '').match(chars) ?? [];

describe('escapeMarkdown (hover and status-bar tooltip)', () => {
  it('leaves no link, image, icon, HTML, entity, autolink or table pipe', () => {
    const escaped = escapeMarkdown(HOSTILE);
    assert.deepEqual(unescaped(escaped, /[[\]()<>|!&:`*]/g), []);
    assert.deepEqual(icons(escaped), []);
    assert.equal(unescape(escaped).replace(/\\(?=\$)/g, ''), HOSTILE, 'the text itself is kept');
  });

  it('escapes an icon once, like MarkdownString.appendText, also when it comes pre-escaped', () => {
    assert.equal(escapeMarkdown('$(zap) \\$(x) $(sync~spin)'), '\\\\$\\(zap\\) \\\\$\\(x\\) \\\\$\\(sync\\~spin\\)');
  });

  it('keeps a table cell on one line', () => {
    assert.equal(escapeMarkdownLine('a\nb\r\n| c\u2028'), 'a b  \\| c ');
  });
});

describe('status-bar tooltip', () => {
  const profile: Profile = { name: 'p [x](command:konexus.signOut)', authority: 'https://auth.example.test', clientId: 'client|$(alert)', scope: 'tamarack', clientAuthMethod: 'auto' };
  const failed: TokenState = {
    status: 'failed', token: undefined, nextAttemptAt: undefined, consecutiveFailures: 1,
    lastError: new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://auth.example.test/connect/token', clientId: 'c', said: `${HOSTILE}\n| injected | row |` }),
  };

  it('escapes server text: only its own four command links, no icon, HTML or extra table cell from outside', () => {
    const summary = statusView(profile.name, failed, NOW).summary;
    const markdown = statusTooltipMarkdown(profile, failed, summary, NOW, text => text);
    const links = [...markdown.replace(/\\./g, '').matchAll(/\]\((command:[^)]*)\)/g)].map(m => m[1]);
    assert.deepEqual(links, TOOLTIP_COMMANDS.map(c => `command:${c}`));
    assert.deepEqual(markdown.split('\n').filter(line => line.startsWith('|')).map(line => unescaped(line, /\|/g).length), [3, 3, 3, 3, 3, 3], 'header, separator, client, authority, scope, last error: 3 pipes each');
    assert.deepEqual(icons(markdown), ['$(refresh)', '$(eye)', '$(arrow-swap)', '$(output)'], 'the only icons are those of the links');
    assert.ok(!/(^|[^\\])<img/.test(markdown));
    assert.match(unescape(markdown), /Last error \| auth\.example\.test rejected the client id "c" or its secret \(invalid_client\)\. The server said: "\[x\]\(command:konexus\.signOut\)/, 'the text is shown, as text');
  });

  it('redacts what it shows, the summary included', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-value');
    const leaky: TokenState = { ...failed, lastError: new KonexusError('invalid_client', { area: 'token', kind: 'secretRejected', url: 'https://auth.example.test/connect/token', clientId: 'c', said: 'echoed body: client_secret=s3cr3t-value' }) };
    const markdown = statusTooltipMarkdown(profile, leaky, statusView(profile.name, leaky, NOW).summary, NOW, text => redactor.redact(text));
    assert.ok(!markdown.includes('s3cr3t'));
    assert.equal(unescape(markdown).split('«secret»').length - 1, 2, 'in the summary and the Last error row');
  });
});
