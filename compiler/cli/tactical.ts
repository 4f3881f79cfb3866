/**
 * The command line of `remc tactical`: the plan (and with --apply the writes) of the Tactical RMM
 * import (publish/tactical.ts), printed for people or as JSON, and the exit code. The server and the
 * API key come from the environment (REMC_TACTICAL_URL, REMC_TACTICAL_API_KEY), never from arguments,
 * and the key is never printed.
 */
import path from 'node:path';
import { diagnostic, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { readTacticalBodies, TacticalClient, TacticalError, tacticalBaseUrl, tacticalHint, tacticalImport, type TacticalPlanEntry } from '../publish/tactical.ts';
import { value, type Args } from './args.ts';
import type { CommandIo } from './publish.ts';

export interface TacticalArgs {
  readonly root: string;
  /** The build folder holding tactical/api/. */
  readonly from: string;
  readonly apply: boolean;
  readonly json: boolean;
  readonly exitCode: boolean;
}

function printDiagnostics(io: CommandIo, list: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(list)) io.err(`${formatDiagnostic(d)}\n`);
}

function planLine(e: TacticalPlanEntry): string[] {
  const verb = e.result && !e.result.ok ? 'FAILED' : e.action;
  const what = e.action === 'update' ? `  ${e.changes.join(', ')}` : e.action === 'create' ? `  "${e.name}"` : '';
  const line = `  ${verb.padEnd(10)} ${e.remediation.padEnd(32)} ${e.scriptId ?? '(new)'}${what}`;
  return e.result && !e.result.ok ? [line, `             error: ${e.result.error}`] : [line];
}

/** `remc tactical`: 0 done (or nothing to do), 1 an error or a failed script, 2 a plan with changes under --exit-code. */
export async function runTactical(args: TacticalArgs, io: CommandIo): Promise<number> {
  if (args.apply && args.exitCode) {
    io.err('remc: --exit-code is for a plan; --apply reports failures with exit code 1');
    return 1;
  }
  const problems: Diagnostic[] = [];
  const baseUrl = tacticalBaseUrl(io.env['REMC_TACTICAL_URL']);
  if (typeof baseUrl === 'string') problems.push(diagnostic('REMC068', baseUrl));
  const key = io.env['REMC_TACTICAL_API_KEY'] ?? '';
  if (key.trim() === '') problems.push(diagnostic('REMC068', 'REMC_TACTICAL_API_KEY is not set: give the API key of a Tactical RMM user who may manage scripts'));
  const desired = readTacticalBodies(path.resolve(args.root, args.from));
  if (typeof desired === 'string') problems.push(diagnostic('REMC068', desired));
  if (problems.length > 0 || typeof baseUrl === 'string' || typeof desired === 'string') {
    printDiagnostics(io, problems);
    io.err('Nothing was sent to Tactical RMM.');
    return 1;
  }
  const client = new TacticalClient(baseUrl, key.trim());
  let report: Awaited<ReturnType<typeof tacticalImport>>;
  try {
    report = await tacticalImport(client, desired, args.apply);
  } catch (error) {
    const message = error instanceof TacticalError ? `${error.message}${tacticalHint(error)}` : (error as Error).message;
    printDiagnostics(io, [diagnostic('REMC069', `Tactical RMM refused or could not answer: ${message}`)]);
    io.err('Nothing was written.');
    return 1;
  }
  if (report.problems.length > 0) {
    printDiagnostics(io, report.problems.map((p) => diagnostic('REMC069', p)));
    io.err('Nothing was written.');
    return 1;
  }
  const failed = report.entries.filter((e) => e.result && !e.result.ok);
  const changes = report.entries.filter((e) => e.action !== 'unchanged');
  if (args.json) {
    io.out(JSON.stringify({ actions: report.entries.map((e) => ({ remediation: e.remediation, action: e.action, scriptId: e.scriptId, changes: [...e.changes], ...(e.result ? { ok: e.result.ok } : {}) })) }, null, 2));
  } else {
    io.out(`${report.applied ? 'Imported into' : 'Plan for'} ${baseUrl.href}:`);
    for (const e of report.entries) for (const line of planLine(e)) io.out(line);
    const count = (a: string) => report.entries.filter((e) => e.action === a).length;
    const summary = ['create', 'update', 'unchanged'].filter((a) => count(a) > 0).map((a) => (a === 'unchanged' ? `${count(a)} unchanged` : `${count(a)} to ${a}`)).join(', ') || 'no scripts to import';
    if (!report.applied) io.out(`Plan: ${summary}. Nothing was written${changes.length > 0 ? ' (remc tactical --apply writes it)' : ''}.`);
    else io.out(failed.length > 0 ? `Applied with ${failed.length} of ${changes.length} failed: ${failed.map((e) => e.remediation).join(', ')}; the others were written and read back.` : `Applied: ${summary}; every change was read back from Tactical RMM.`);
  }
  if (failed.length > 0) return 1;
  return !report.applied && args.exitCode && changes.length > 0 ? 2 : 0;
}

const STDIO: CommandIo = { env: process.env, out: (line: string) => console.log(line), err: (line: string) => console.error(line) };

/** `remc tactical` from its arguments. */
export async function tacticalCommand(root: string, args: Args): Promise<number> {
  const flag = (name: string) => args.flags.has(name);
  return runTactical({ root, from: value(args, '--from') ?? 'dist', apply: flag('--apply'), json: flag('--json'), exitCode: flag('--exit-code') }, STDIO);
}
