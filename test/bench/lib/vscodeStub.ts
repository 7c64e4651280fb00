/**
 * A `vscode` module for loading the extension bundle in plain Node: every API exists and records its calls,
 * nothing does anything. Any property is a callable, constructible recorder; values assigned to it read
 * back. A few values must be real for activation to run (settings return their defaults, enums are numbers,
 * open documents are an empty list); those are `VALUES`. Installed for `require('vscode')` with a
 * Module._resolveFilename hook, as VS Code's own loader does.
 */
import Module from 'node:module';

/** How often each API path was called, e.g. "window.createStatusBarItem" → 1. */
export type CallLog = Map<string, number>;

const VALUES: Record<string, unknown> = {
  'workspace.getConfiguration': () => ({
    get: (_key: string, defaultValue?: unknown) => defaultValue,
    has: () => false,
    inspect: () => undefined,
    update: async () => undefined,
  }),
  version: '1.139.1',
  'workspace.textDocuments': [],
  'workspace.workspaceFolders': undefined,
  'workspace.isTrusted': true,
  'window.activeTextEditor': undefined,
  'window.visibleTextEditors': [],
  'window.state': { focused: true },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  QuickPickItemKind: { Separator: -1, Default: 0 },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
};

/** The module (or, with a `root` name, any object of recorders, e.g. an ExtensionContext's leftovers). */
export function createVscodeStub(calls: CallLog, root = ''): unknown {
  return recorder(root, calls);
}

function recorder(path: string, calls: CallLog): unknown {
  const assigned = new Map<PropertyKey, unknown>();
  const children = new Map<PropertyKey, unknown>();
  const count = (name: string) => calls.set(name, (calls.get(name) ?? 0) + 1);
  const describe = () => `[vscode stub ${path || 'root'}]`;
  // esbuild's `import * as vscode` copies the module's own keys, which a proxy does not have: it also
  // inherits from the module's prototype, so a prototype that forwards every read reaches the recorder.
  const inherited: object = new Proxy({}, { get: (_target, property) => (self as Record<PropertyKey, unknown>)[property] });
  const self: unknown = new Proxy(function stub() {}, {
    getPrototypeOf: () => inherited,
    get(_target, property) {
      if (assigned.has(property)) return assigned.get(property);
      if (property === 'then') return undefined; // not a promise: `await stub` gives the stub
      if (property === Symbol.toPrimitive || property === 'toString') return describe;
      if (typeof property === 'symbol') return undefined;
      const childPath = path ? `${path}.${property}` : property;
      if (childPath in VALUES) return VALUES[childPath];
      if (!children.has(property)) children.set(property, recorder(childPath, calls));
      return children.get(property);
    },
    set(_target, property, value) {
      assigned.set(property, value);
      return true;
    },
    apply() {
      count(path);
      return recorder(`${path}()`, calls);
    },
    construct() {
      count(`new ${path}`);
      return recorder(`new ${path}()`, calls) as object;
    },
  });
  return self;
}

/** Makes `require('vscode')` return `stub` in this process. */
export function installVscodeStub(stub: unknown): void {
  const fakePath = '/konexus-bench/vscode-stub.js';
  const loader = Module as unknown as {
    _resolveFilename: (request: string, ...rest: unknown[]) => string;
    _cache: Record<string, unknown>;
  };
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolve(request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakePath : original.call(this, request, ...rest);
  };
  loader._cache[fakePath] = { id: fakePath, filename: fakePath, loaded: true, exports: stub, children: [], paths: [] };
}
