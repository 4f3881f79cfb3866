/**
 * The command lines of `remc publish` and `remc status`: sign in, run, print (people's lines, or the
 * documented JSON), and the exit code. The Graph URL comes from REMC_GRAPH_URL, the sign-in from the
 * environment (credentials.ts), never from arguments, so no secret reaches the process list.
 */
import { diagnostic, formatDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics.ts';
import { STATUS_WORDS } from '../protocol.ts';
import type { SignOptions } from '../emit/sign.ts';
import { tokenSource } from '../publish/credentials.ts';
import { GraphClient, GraphError, graphBaseUrl } from '../publish/graph.ts';
import { ownerKey } from '../publish/owner.ts';
import { hintFor, publish, type PlanEntry } from '../publish/publish.ts';
import { fleetStatus, type RemediationStatus } from '../publish/status.ts';
import { signOptions, value, type Args } from './args.ts';
import { usageProblem } from './output.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface CommandIo {
  readonly env: Env;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The overall time limit of one command: REMC_GRAPH_TIMEOUT seconds, default 900. */
function timeLimitMs(env: Env): number | string {
  const text = env['REMC_GRAPH_TIMEOUT'];
  if (text === undefined || text === '') return 900_000;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds >= 1 && seconds <= 86_400 ? seconds * 1000 : `REMC_GRAPH_TIMEOUT must be a number of seconds from 1 to 86400 (got '${text}')`;
}

/** The Graph client and the owner key, or the diagnostics of what is missing. Nothing is sent yet. */
function connect(root: string, io: CommandIo): { graph: GraphClient; owner: string } | Diagnostic[] {
  const problems: Diagnostic[] = [];
  const owner = ownerKey(root);
  if ('problem' in owner) problems.push(diagnostic('REMC064', owner.problem, { file: owner.file, line: 1, column: 1 }));
  const baseUrl = graphBaseUrl(io.env['REMC_GRAPH_URL']);
  if (typeof baseUrl === 'string') problems.push(diagnostic('REMC065', baseUrl));
  const limit = timeLimitMs(io.env);
  if (typeof limit === 'string') problems.push(diagnostic('REMC065', limit));
  const token = typeof baseUrl === 'string' ? undefined : tokenSource(io.env, baseUrl, io.err);
  if (typeof token === 'string') problems.push(diagnostic('REMC066', token));
  if (problems.length > 0 || typeof baseUrl === 'string' || typeof limit === 'string' || token === undefined || typeof token === 'string' || 'problem' in owner) return problems;
  return { graph: new GraphClient({ baseUrl, token, timeLimitMs: limit }), owner: owner.key };
}

function printDiagnostics(io: CommandIo, list: readonly Diagnostic[]): void {
  for (const d of sortDiagnostics(list)) io.err(`${formatDiagnostic(d)}\n`);
}

export interface PublishArgs {
  readonly root: string;
  readonly ids: readonly string[];
  readonly apply: boolean;
  readonly prune: boolean;
  readonly json: boolean;
  readonly exitCode: boolean;
  /** `--adopt id=scriptId[,id=scriptId]`. */
  readonly adopt: string | undefined;
  readonly sign: SignOptions | undefined;
}

function parseAdopt(value: string | undefined): Map<string, string> | string {
  const map = new Map<string, string>();
  if (value === undefined) return map;
  for (const pair of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const found = /^([a-z0-9]+(?:-[a-z0-9]+)*)=([A-Za-z0-9-]+)$/.exec(pair);
    if (!found) return `--adopt takes <remediation id>=<Intune script id>[,...] (got '${pair}')`;
    map.set(found[1]!, found[2]!);
  }
  return map;
}

const WIDTH = 10;

function planLine(e: PlanEntry): string[] {
  const verb = e.result && !e.result.ok ? 'FAILED' : e.action;
  const head = `  ${verb.padEnd(WIDTH)} ${e.remediation.padEnd(32)} ${e.scriptId ?? '(new)'}`;
  const what = e.changes.length > 0 && e.action !== 'create' ? `  ${e.changes.join(', ')}` : e.action === 'create' ? `  "${e.displayName}"` : '';
  return [head + what, ...e.notes.map((n) => `  ${''.padEnd(WIDTH)}   ${n}`), ...(e.result && !e.result.ok ? [`  ${''.padEnd(WIDTH)}   error: ${e.result.error}`] : [])];
}

/** `remc publish`: 0 done (or nothing to do), 1 an error or a failed remediation, 2 a plan with changes under --exit-code. */
export async function runPublish(args: PublishArgs, io: CommandIo): Promise<number> {
  const adopt = parseAdopt(args.adopt);
  if (typeof adopt === 'string') {
    io.err(`remc: ${adopt}`);
    return 1;
  }
  if (args.apply && args.exitCode) {
    io.err('remc: --exit-code is for a plan; --apply reports failures with exit code 1');
    return 1;
  }
  const connected = connect(args.root, io);
  if (Array.isArray(connected)) {
    printDiagnostics(io, connected);
    io.err('Publish failed before anything was sent to Graph; nothing was written.');
    return 1;
  }
  const report = await publish({ root: args.root, graph: connected.graph, owner: connected.owner, ids: args.ids, apply: args.apply, prune: args.prune, adopt, sign: args.sign });
  if (report.diagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(io, report.diagnostics);
    io.err('Publish failed; nothing was written.');
    return 1;
  }
  for (const w of report.warnings) io.err(`warning: ${w}`);
  const failed = report.entries.filter((e) => e.result && !e.result.ok);
  const changes = report.entries.filter((e) => e.action !== 'unchanged' && e.action !== 'orphan');
  if (args.json) {
    io.out(JSON.stringify({ actions: report.entries.map((e) => ({ remediation: e.remediation, action: e.action, scriptId: e.scriptId, changes: [...e.changes] })) }, null, 2));
  } else {
    io.out(`${report.applied ? 'Published to' : 'Plan for'} ${connected.graph.baseUrl.href} (owner ${connected.owner}):`);
    for (const e of report.entries) for (const line of planLine(e)) io.out(line);
    const by = (a: string) => report.entries.filter((e) => e.action === a).length;
    const counts = ['create', 'update', 'delete', 'unchanged', 'orphan'].map((a) => [a, by(a)] as const).filter(([, n]) => n > 0).map(([a, n]) => `${n} ${a === 'unchanged' ? 'unchanged' : a === 'orphan' ? (n === 1 ? 'orphan' : 'orphans') : `to ${a}`}`);
    const summary = counts.length > 0 ? counts.join(', ') : 'no remediations to publish';
    if (!report.applied) io.out(`Plan: ${summary}. Nothing was written${changes.length > 0 ? ' (remc publish --apply writes it)' : ''}.`);
    else io.out(failed.length > 0 ? `Applied with ${failed.length} of ${changes.length} failed: ${failed.map((e) => e.remediation).join(', ')}; the others were written and read back.` : `Applied: ${summary}; every change was read back from Graph.`);
  }
  if (failed.length > 0) return 1;
  return !report.applied && args.exitCode && changes.length > 0 ? 2 : 0;
}

export interface StatusArgs {
  readonly root: string;
  readonly ids: readonly string[];
  readonly json: boolean;
  readonly devices: boolean;
  readonly failOn: string | undefined;
}

/** `--fail-on ESCALATE,ERROR`: status words (any case), or 'unparsed'. */
function parseFailOn(value: string | undefined): string[] | string {
  if (value === undefined) return [];
  const words = value.split(',').map((w) => w.trim().toUpperCase()).filter(Boolean);
  const known = [...STATUS_WORDS, 'UNPARSED'];
  const bad = words.filter((w) => !known.includes(w as never));
  return bad.length > 0 ? `--fail-on: unknown status ${bad.map((b) => `'${b}'`).join(', ')} (statuses: ${known.join(', ')})` : words.map((w) => (w === 'UNPARSED' ? 'unparsed' : w));
}

function statusLines(r: RemediationStatus, devices: boolean): string[] {
  const counts = [...Object.entries(r.byStatus).map(([s, n]) => `${s} ${n}`), ...(r.unparsed > 0 ? [`unparsed ${r.unparsed}`] : [])];
  const lines = [`  ${r.remediation.padEnd(32)} ${r.scriptId}  ${r.devices} device${r.devices === 1 ? '' : 's'}${counts.length > 0 ? `: ${counts.join(', ')}` : ''}`];
  for (const [status, reasons] of Object.entries(r.reasons)) for (const { reason, devices: n } of reasons) lines.push(`      ${status}: ${reason} (${n})`);
  const proofs = Object.entries(r.proofs);
  if (proofs.length > 0) lines.push(`      last fix a symptom triggered: ${proofs.map(([verdict, n]) => `${verdict === 'pending' ? 'not yet proven' : verdict} ${n}`).join(', ')}`);
  const states = (o: Readonly<Record<string, number>>) => Object.entries(o).map(([s, n]) => `${s} ${n}`).join(', ');
  if (r.devices > 0) lines.push(`      Intune: detection ${states(r.intune.detectionState)}; remediation ${states(r.intune.remediationState)}`);
  if (devices) {
    const groups = new Map<string, string[]>();
    for (const d of r.deviceList) groups.set(d.status, [...(groups.get(d.status) ?? []), d.device]);
    for (const [status, names] of groups) lines.push(`      ${status}: ${names.join(', ')}`);
  }
  return lines;
}

/** `remc status`: 0, or 1 on an error or when a device is in a `--fail-on` status. */
export async function runStatus(args: StatusArgs, io: CommandIo): Promise<number> {
  const failOn = parseFailOn(args.failOn);
  if (typeof failOn === 'string') {
    io.err(`remc: ${failOn}`);
    return 1;
  }
  const connected = connect(args.root, io);
  if (Array.isArray(connected)) {
    printDiagnostics(io, connected);
    return 1;
  }
  let result: Awaited<ReturnType<typeof fleetStatus>>;
  try {
    result = await fleetStatus({ graph: connected.graph, owner: connected.owner, ids: args.ids });
  } catch (error) {
    const message = error instanceof GraphError ? `${error.message}${hintFor(error, 'status')}` : (error as Error).message;
    printDiagnostics(io, [diagnostic('REMC061', `cannot read the run states from Intune: ${message}`)]);
    return 1;
  }
  if (result.missing.length > 0) {
    printDiagnostics(io, result.missing.map((id) => diagnostic('REMC060', `Intune holds no script published as remediation "${id}" by owner ${connected.owner}`)));
    return 1;
  }
  const failing = result.remediations.flatMap((r) => r.deviceList.filter((d) => failOn.includes(d.status)).map((d) => `${r.remediation}: ${d.device} ${d.status}`));
  if (args.json) {
    io.out(JSON.stringify({
      remediations: result.remediations.map((r) => ({
        remediation: r.remediation,
        scriptId: r.scriptId,
        displayName: r.displayName,
        devices: r.devices,
        byStatus: r.byStatus,
        unparsed: r.unparsed,
        proofs: r.proofs,
        reasons: r.reasons,
        intune: r.intune,
        ...(args.devices ? { deviceList: r.deviceList } : {}),
      })),
    }, null, 2));
  } else {
    io.out(`Status from ${connected.graph.baseUrl.href} (owner ${connected.owner}): each device's latest detection, by the first word of its summary line`);
    for (const r of result.remediations) for (const line of statusLines(r, args.devices)) io.out(line);
    if (result.remediations.length === 0) io.out('  no remediations of this owner are published (remc publish --apply publishes them)');
  }
  if (failing.length > 0) {
    io.err(`${failing.length} device${failing.length === 1 ? ' is' : 's are'} in a --fail-on status (${failOn.join(', ')}):`);
    for (const f of failing.slice(0, 50)) io.err(`  ${f}`);
    return 1;
  }
  return 0;
}

const STDIO: CommandIo = { env: process.env, out: (line: string) => console.log(line), err: (line: string) => console.error(line) };

/** `remc publish [ids...]` from its arguments. */
export async function publishCommand(root: string, args: Args): Promise<number> {
  const sign = signOptions(args);
  if (typeof sign === 'string') return usageProblem(sign);
  const flag = (name: string) => args.flags.has(name);
  return runPublish({ root, ids: args.positionals, apply: flag('--apply'), prune: flag('--prune'), json: flag('--json'), exitCode: flag('--exit-code'), adopt: value(args, '--adopt'), sign }, STDIO);
}

/** `remc status [ids...]` from its arguments. */
export async function statusCommand(root: string, args: Args): Promise<number> {
  return runStatus({ root, ids: args.positionals, json: args.flags.has('--json'), devices: args.flags.has('--devices'), failOn: value(args, '--fail-on') }, STDIO);
}
