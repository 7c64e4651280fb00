import * as vscode from 'vscode';
import { isKonexusError } from '../core/errors';
import type { Services } from '../platform/services';
import { presentError } from '../tokens/presentError';
import type { CommandHandler, CommandId } from '../platform/model/commandIds';
import { profileNameOf } from '../platform/model/commandArgs';
import { errorText } from '../platform/model/words/errorWords';

/** What a command returns to a programmatic caller when it failed (the user also sees the message). */
export interface CommandFailure {
  readonly error: string;
  readonly message: string;
}

/**
 * Registers the one command table. Each handler runs guarded: a failure is shown to the user with its
 * fix-it actions and returned as a CommandFailure, never thrown into VS Code.
 */
export function registerCommands(services: Services, table: Record<CommandId, CommandHandler>): vscode.Disposable[] {
  return Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    try {
      return await handler(...args);
    } catch (error) {
      const profile = profileNameOf(args[0]);
      void presentError(services, error, profile ? { profile } : {});
      const failure: CommandFailure = {
        error: isKonexusError(error) ? error.code : 'unexpected',
        message: services.redactor.redact(errorText(error)),
      };
      return failure;
    }
  }));
}

