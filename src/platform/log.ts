import * as vscode from 'vscode';
import type { Redactor } from '../core/redact';
import { errorText } from './model/words/errorWords';

/**
 * The "Konexus" log channel. Every line passes through the redactor: JWTs show as alg/kid/last 6
 * characters, registered secrets as «secret», including error messages and stacks from the core.
 */
export class Log implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Konexus', { log: true });

  constructor(private readonly redactor: Redactor) {}

  info(message: string): void {
    this.channel.info(this.redactor.redact(message));
  }

  warn(message: string): void {
    this.channel.warn(this.redactor.redact(message));
  }

  error(message: string, error?: unknown): void {
    const detail = error instanceof Error ? `${errorText(error)}${error.stack ? `\n${error.stack}` : ''}` : error === undefined ? '' : String(error);
    this.channel.error(this.redactor.redact(detail ? `${message}: ${detail}` : message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
