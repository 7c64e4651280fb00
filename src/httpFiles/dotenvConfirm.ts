/**
 * The modal dialog before the token goes into a `.env` that needs the user's confirmation (dotenvTrust.ts
 * decides; dotenvConfirmText.ts words it). Only a write the user asked for (Insert Bearer Header, from the
 * palette or the CodeLens) asks, so this lives in the on-demand bundle; what was confirmed is kept by the
 * start-up bundle's DotenvWriteGate, which background upkeep asks.
 */
import * as vscode from 'vscode';
import type { Services } from '../services';
import { dotenvConfirmationText } from './dotenvConfirmText';
import { describeRisks } from './dotenvTrust';
import type { DotenvConfirmOutcome, DotenvWriteGate } from './dotenvWriteGate';
import { displayPath } from './httpDocuments';

/** The workbench's own command behind "Manage Workspace Trust" (VS Code's Restricted Mode prompts offer it). */
const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/**
 * Asks in a modal dialog when the gate's decision says so and this window has not confirmed the same file
 * (leading to the same place) yet. A dismissed, refused or failing dialog confirms nothing. Never rejects.
 */
export async function confirmDotenvWrite(gate: DotenvWriteGate, services: Services, envUri: vscode.Uri, profile: string): Promise<DotenvConfirmOutcome> {
  let assessed: Awaited<ReturnType<DotenvWriteGate['assess']>>;
  try {
    assessed = await gate.assess(envUri);
  } catch (error) {
    services.log.error(`[dotenvGate] could not check ${displayPath(envUri)}`, error);
    return { write: false, reasons: ['linkUnresolved'] };
  }
  const { location, decision } = assessed;
  if (!decision.confirm) return { write: true };
  if (gate.isConfirmedFor(envUri, location)) return { write: true };

  const writesTo = location.realPath ?? location.path;
  const untrusted = decision.reasons.includes('untrusted');
  const write = vscode.l10n.t('Write Token');
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const text = dotenvConfirmationText(decision.reasons, location, profile);
  let picked: string | undefined;
  try {
    picked = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, ...(untrusted ? [write, manage] : [write]));
  } catch (error) {
    // The test-mode workbench refuses dialogs; a refusal confirms nothing.
    services.log.warn(`[dotenvGate] the confirmation could not be shown: ${error instanceof Error ? error.message : String(error)}`);
  }
  services.log.info(`[dotenvGate] ${location.path}: asked before writing the token of ${profile} (${describeRisks(decision.reasons)}; writes to ${writesTo}): ${picked === write ? 'confirmed' : picked === manage ? 'Manage Workspace Trust' : 'cancelled'}`);
  if (picked === write) {
    gate.recordConfirmed(envUri, location.realPath);
    return { write: true };
  }
  if (picked === manage) {
    await Promise.resolve(vscode.commands.executeCommand(MANAGE_TRUST_COMMAND)).catch(error => services.log.error('[dotenvGate] could not open the Workspace Trust editor', error));
  }
  return { write: false, reasons: decision.reasons, writesTo, ...(picked === manage ? { manageTrust: true } : {}) };
}
