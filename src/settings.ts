import * as vscode from 'vscode';

export type HeaderStyle = 'dotenv' | 'fileVariable' | 'literal';

/** Typed reads of the `konexus.*` settings, with the defaults declared in package.json. */
export interface Settings {
  readonly defaultProfile: string;
  readonly refreshLeadSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly clockToleranceSeconds: number;
  readonly statusBarEnabled: boolean;
  readonly hoverEnabled: boolean;
  readonly hoverLanguages: readonly string[];
  readonly headerStyle: HeaderStyle;
  readonly dotenvKey: string;
  readonly fileVariableName: string;
  readonly codeLens: boolean;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('konexus');
  // In an untrusted workspace VS Code hands us only user-level values of restricted settings.
  return {
    defaultProfile: c.get<string>('defaultProfile', ''),
    refreshLeadSeconds: c.get<number>('refreshLeadSeconds', 300),
    requestTimeoutSeconds: c.get<number>('requestTimeoutSeconds', 15),
    clockToleranceSeconds: c.get<number>('clockToleranceSeconds', 60),
    statusBarEnabled: c.get<boolean>('statusBar.enabled', true),
    hoverEnabled: c.get<boolean>('hover.enabled', true),
    hoverLanguages: c.get<string[]>('hover.languages', ['*']),
    headerStyle: c.get<HeaderStyle>('httpFiles.headerStyle', 'dotenv'),
    dotenvKey: c.get<string>('httpFiles.dotenvKey', 'KONEXUS_TOKEN'),
    fileVariableName: c.get<string>('httpFiles.fileVariableName', 'konexusToken'),
    codeLens: c.get<boolean>('httpFiles.codeLens', true),
  };
}
