/**
 * `remc publish`: the plan (what Intune holds against what the declarations build) and, with `apply`,
 * the writes. Order: build in memory (a declaration that does not build stops everything), read every
 * script this repository owns, resolve group and filter names, and only then write; each remediation is
 * written and re-read on its own, so one failure does not stop the others and is reported as its own.
 */
import { compile } from '../pipeline.ts';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.ts';
import type { RemediationModel } from '../lower/model.ts';
import type { SignOptions } from '../emit/sign.ts';
import { GraphError, type GraphClient } from './graph.ts';
import { assignmentBody, changedFields, describeAssignment, getAssignments, getScript, listScripts, resolveNames, sameAssignments, SCRIPTS, type GraphScript, type OwnedField, type ResolvedNames } from './intune.ts';
import { ownedDescription, ownershipOf } from './owner.ts';

export const ACTIONS = ['create', 'update', 'unchanged', 'orphan', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/** One line of the plan; `--json` prints exactly `remediation`, `action`, `scriptId` and `changes`. */
export interface PlanEntry {
  readonly remediation: string;
  readonly action: Action;
  scriptId: string | null;
  /** The owned fields that change, and 'assignments' when the set does. */
  readonly changes: readonly string[];
  readonly displayName: string;
  /** What a person should know about this line (an adopted script, the assignment diff). */
  readonly notes: readonly string[];
  /** What apply sends. */
  readonly body?: Readonly<Record<string, unknown>>;
  readonly assign?: readonly Record<string, unknown>[];
  /** After apply: 'ok', or why this remediation failed. */
  result?: { readonly ok: true } | { readonly ok: false; readonly error: string };
}

export interface PublishOptions {
  readonly root: string;
  readonly graph: GraphClient;
  readonly owner: string;
  /** Only these remediations (no orphans are looked for then). */
  readonly ids?: readonly string[];
  readonly apply?: boolean;
  readonly prune?: boolean;
  /** `--adopt id=scriptId`: take over a script remc did not publish. */
  readonly adopt?: ReadonlyMap<string, string>;
  readonly sign?: SignOptions | undefined;
}

export interface PublishReport {
  readonly entries: PlanEntry[];
  /** Problems that stop the whole publish before anything is written (bad declarations, names, ownership). */
  readonly diagnostics: readonly Diagnostic[];
  /** Scripts of others that share a display name with one of ours: left alone, said once. */
  readonly warnings: readonly string[];
  readonly applied: boolean;
}

/** What one remediation should look like in Intune. */
interface Desired {
  readonly model: RemediationModel;
  readonly body: Record<string, unknown>;
}

function graphProblem(error: unknown): string {
  return error instanceof GraphError ? `${error.message}${hintFor(error)}` : (error as Error).message;
}

/** The Graph permissions each command needs at least (the README's "Least permissions"). */
export const LEAST_PERMISSIONS = {
  publish: 'DeviceManagementScripts.ReadWrite.All, Group.Read.All and DeviceManagementConfiguration.Read.All',
  status: 'DeviceManagementScripts.Read.All and DeviceManagementManagedDevices.Read.All',
} as const;

/** What an admin can do about a Graph error. */
export function hintFor(error: GraphError, command: 'publish' | 'status' = 'publish'): string {
  if (error.status === 401) return '; the token is missing, expired or not for this Graph (sign in again, or refresh REMC_GRAPH_TOKEN)';
  if (error.status === 403) return `; the identity lacks a permission: ${command} needs ${LEAST_PERMISSIONS[command]} (README: Publishing to Intune)`;
  if (error.status === 404 && error.path === SCRIPTS) return '; is REMC_GRAPH_URL the Graph beta endpoint (https://graph.microsoft.com/beta)?';
  return '';
}

export async function publish(options: PublishOptions): Promise<PublishReport> {
  const stopped = (diagnostics: readonly Diagnostic[], warnings: readonly string[] = []): PublishReport => ({ entries: [], diagnostics, warnings, applied: false });
  const built = await buildDesired(options);
  if ('stop' in built) return stopped(built.stop);
  const { desired, wanted } = built;
  const held = await readHeld(options, desired);
  if ('stop' in held) return stopped(held.stop);
  const { owned, diagnostics, warnings } = held;
  const names = await resolveAssignmentNames(options.graph, desired, diagnostics);
  if (hasErrors(diagnostics)) return stopped(diagnostics, warnings);
  const entries = await plan(options, desired, owned, names, wanted);
  if ('stop' in entries) return stopped(entries.stop, warnings);
  if (!options.apply) return { entries, diagnostics, warnings, applied: false };
  await applyPlan(options.graph, entries);
  return { entries, diagnostics, warnings, applied: true };
}

/** A step's answer when publishing must stop before anything is written: why. */
interface Stop {
  readonly stop: Diagnostic[];
}

/** 1. Build, in memory and as remc build would (signed bytes when signing): nothing else is published. */
async function buildDesired(options: PublishOptions): Promise<{ readonly desired: Desired[]; readonly wanted: ReadonlySet<string> } | Stop> {
  const compiled = await compile(options.root, { sign: options.sign, forDevices: true });
  if (hasErrors(compiled.diagnostics)) return { stop: [...compiled.diagnostics] };
  const wanted = new Set(options.ids ?? []);
  const unknown = [...wanted].filter((id) => !compiled.remediations.some((m) => m.id === id));
  if (unknown.length > 0) return { stop: unknown.map((id) => diagnostic('REMC060', `no remediation has the id "${id}" (declared: ${compiled.remediations.map((m) => m.id).join(', ')})`)) };
  const desired: Desired[] = [];
  for (const model of compiled.remediations) {
    if (wanted.size > 0 && !wanted.has(model.id)) continue;
    const payload = compiled.artifacts.get(`${model.id}/remediation.json`);
    if (!payload) continue; // not built for Intune (its targets leave 'intune' out)
    const body = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    body['description'] = ownedDescription(model.description, options.owner, model.id);
    desired.push({ model, body });
  }
  return { desired, wanted };
}

/** What Intune holds of this repository: its scripts by remediation id, and what reading them found. */
interface Held {
  readonly owned: Map<string, GraphScript>;
  readonly diagnostics: Diagnostic[];
  readonly warnings: string[];
}

/** 2. Read what Intune holds: the scripts this repository owns, found by their ownership line. */
async function readHeld(options: PublishOptions, desired: readonly Desired[]): Promise<Held | Stop> {
  let all: GraphScript[];
  try {
    all = await listScripts(options.graph);
  } catch (error) {
    return { stop: [diagnostic('REMC061', `cannot list the remediations in Intune: ${graphProblem(error)}`)] };
  }
  const diagnostics: Diagnostic[] = [];
  const owned = new Map<string, GraphScript>();
  for (const script of all) {
    const own = ownershipOf(script.description);
    if (!own || own.owner !== options.owner) continue;
    const other = owned.get(own.remediation);
    if (other) diagnostics.push(diagnostic('REMC062', `two scripts in Intune are marked as remediation "${own.remediation}" of owner ${options.owner}: ${other.id} and ${script.id}; delete the copy in Intune (Devices > Remediations) and publish again`));
    else owned.set(own.remediation, script);
  }
  adopt(options, desired, all, owned, diagnostics);
  const warnings: string[] = [];
  for (const d of desired) {
    const namesakes = all.filter((s) => s.displayName === d.model.displayName && ownershipOf(s.description)?.owner !== options.owner && s.id !== owned.get(d.model.id)?.id);
    for (const s of namesakes) warnings.push(`"${d.model.displayName}" is also the name of script ${s.id}, which remc did not publish: it is left alone (remc publish --adopt ${d.model.id}=${s.id} takes it over)`);
  }
  return { owned, diagnostics, warnings };
}

/** `--adopt id=scriptId`: counts the script as the remediation's, or says why it cannot. */
function adopt(options: PublishOptions, desired: readonly Desired[], all: readonly GraphScript[], owned: Map<string, GraphScript>, diagnostics: Diagnostic[]): void {
  for (const [id, scriptId] of options.adopt ?? []) {
    const model = desired.find((d) => d.model.id === id);
    const script = all.find((s) => s.id === scriptId);
    const own = ownershipOf(script?.description);
    if (!model) diagnostics.push(diagnostic('REMC062', `--adopt ${id}=${scriptId}: no remediation to publish has the id "${id}"`));
    else if (!script) diagnostics.push(diagnostic('REMC062', `--adopt ${id}=${scriptId}: Intune has no remediation script with the id ${scriptId}`));
    else if (own && (own.owner !== options.owner || own.remediation !== id)) diagnostics.push(diagnostic('REMC062', `--adopt ${id}=${scriptId}: that script is already remc's remediation "${own.remediation}" of owner ${own.owner}`));
    else if (owned.has(id) && owned.get(id)!.id !== scriptId) diagnostics.push(diagnostic('REMC062', `--adopt ${id}=${scriptId}: remediation "${id}" is already published as ${owned.get(id)!.id}`));
    else owned.set(id, script);
  }
}

/** 3. Resolve every group and filter name before anything is written. */
async function resolveAssignmentNames(graph: GraphClient, desired: readonly Desired[], diagnostics: Diagnostic[]): Promise<ResolvedNames> {
  const managed = desired.filter((d) => d.model.assignments !== null);
  let names: ResolvedNames = { groups: new Map(), filters: new Map() };
  try {
    const resolved = await resolveNames(graph, managed.flatMap((d) => d.model.assignments ?? []));
    names = resolved.names;
    for (const p of resolved.problems) diagnostics.push(diagnostic('REMC063', p.message, p.assignment.at));
  } catch (error) {
    diagnostics.push(diagnostic('REMC061', `cannot look up the groups and filters the assignments name: ${graphProblem(error)}`));
  }
  return names;
}

/** 4. The plan: each remediation compared field by field, then the owned scripts no longer declared, by id. */
async function plan(options: PublishOptions, desired: readonly Desired[], owned: ReadonlyMap<string, GraphScript>, names: ResolvedNames, wanted: ReadonlySet<string>): Promise<PlanEntry[] | Stop> {
  const entries: PlanEntry[] = [];
  for (const d of desired) {
    const entry = await planEntry(options, d, owned.get(d.model.id), names);
    if ('stop' in entry) return entry;
    entries.push(entry);
  }
  if (wanted.size === 0) {
    for (const [id, script] of owned) {
      if (desired.some((d) => d.model.id === id)) continue;
      entries.push({ remediation: id, action: options.prune ? 'delete' : 'orphan', scriptId: script.id, changes: [], displayName: script.displayName ?? '', notes: [options.prune ? 'no longer declared: deleted with its assignments' : 'no longer declared; remc publish --prune deletes it'] });
    }
  }
  entries.sort((a, b) => (a.remediation < b.remediation ? -1 : a.remediation > b.remediation ? 1 : 0));
  return entries;
}

/** One remediation's line of the plan: content compared as decoded bytes (read by id: the list has none). */
async function planEntry(options: PublishOptions, d: Desired, script: GraphScript | undefined, names: ResolvedNames): Promise<PlanEntry | Stop> {
  const graph = options.graph;
  const assign = d.model.assignments === null ? undefined : d.model.assignments.map((a) => assignmentBody(a, names, d.model.detectOnly));
  const wants = (d.model.assignments ?? []).map(describeAssignment);
  if (!script) {
    return { remediation: d.model.id, action: 'create', scriptId: null, changes: [...changedFields(d.body, {}), ...(assign && assign.length > 0 ? ['assignments'] : [])], displayName: d.model.displayName, notes: wants.map((w) => `+ ${w}`), body: d.body, ...(assign && assign.length > 0 ? { assign } : {}) };
  }
  let full: GraphScript | undefined;
  let current: Record<string, unknown>[] = [];
  try {
    full = await getScript(graph, script.id);
    if (full && assign) current = await getAssignments(graph, script.id);
  } catch (error) {
    return { stop: [diagnostic('REMC061', `cannot read script ${script.id} ("${d.model.id}") from Intune: ${graphProblem(error)}`)] };
  }
  if (!full) return { stop: [diagnostic('REMC061', `script ${script.id} ("${d.model.id}") was listed but cannot be read (deleted meanwhile?): run remc publish again`)] };
  const fields = changedFields(d.body, full);
  const reassign = assign !== undefined && !sameAssignments(assign, current);
  const notes = [...(options.adopt?.get(d.model.id) === script.id ? [`adopts script ${script.id} ("${script.displayName}")`] : []), ...fieldNotes(fields, d.body, full), ...(reassign ? [`assignments: ${current.length} now, ${assign!.length} declared${wants.length > 0 ? `: ${wants.join('; ')}` : ''}`] : [])];
  const changes = [...fields, ...(reassign ? ['assignments'] : [])];
  return {
    remediation: d.model.id,
    action: changes.length > 0 ? 'update' : 'unchanged',
    scriptId: script.id,
    changes,
    displayName: d.model.displayName,
    notes,
    ...(fields.length > 0 ? { body: Object.fromEntries(fields.map((f) => [f, d.body[f] ?? null])) } : {}),
    ...(reassign ? { assign: assign! } : {}),
  };
}

/** 5. Apply: each remediation on its own, then re-read and compared with what was sent. */
async function applyPlan(graph: GraphClient, entries: readonly PlanEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.action === 'unchanged' || entry.action === 'orphan') continue;
    try {
      await applyEntry(graph, entry);
      entry.result = { ok: true };
    } catch (error) {
      entry.result = { ok: false, error: graphProblem(error) };
    }
  }
}

async function applyEntry(graph: GraphClient, entry: PlanEntry): Promise<void> {
  const path = (id: string) => `${SCRIPTS}/${encodeURIComponent(id)}`;
  if (entry.action === 'delete') {
    await graph.request('DELETE', path(entry.scriptId!));
    return;
  }
  if (entry.action === 'create') {
    const created = (await graph.request('POST', SCRIPTS, entry.body)) as GraphScript | undefined;
    if (!created?.id) throw new Error('Graph created the script but returned no id: look for it in Intune before publishing again');
    entry.scriptId = created.id;
  } else if (entry.body) {
    // Only remc's fields: PATCH refuses the read-only version, isGlobalScript and highestAvailableVersion.
    await graph.request('PATCH', path(entry.scriptId!), { '@odata.type': '#microsoft.graph.deviceHealthScript', ...entry.body });
  }
  // POST {id}/assign replaces the whole set (POST {id}/assignments has no route).
  if (entry.assign) await graph.request('POST', `${path(entry.scriptId!)}/assign`, { deviceHealthScriptAssignments: entry.assign });
  await verify(graph, entry);
}

/** Reads the script back: what Graph holds must be what was sent. */
async function verify(graph: GraphClient, entry: PlanEntry): Promise<void> {
  const script = await getScript(graph, entry.scriptId!);
  if (!script) throw new Error(`script ${entry.scriptId} cannot be read back after it was written`);
  if (entry.body) {
    const differ = changedFields({ ...script, ...entry.body }, script);
    if (differ.length > 0) throw new Error(`Intune holds other values than were sent for ${differ.join(', ')} of script ${entry.scriptId}`);
  }
  if (entry.assign) {
    const now = await getAssignments(graph, entry.scriptId!);
    if (!sameAssignments(entry.assign, now)) throw new Error(`the assignments of script ${entry.scriptId} read back differ from those sent (${now.length} held, ${entry.assign.length} sent)`);
  }
}

/** A short note per changed field: old and new for the small ones, sizes for the scripts. */
function fieldNotes(fields: readonly OwnedField[], desired: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, unknown>>): string[] {
  return fields.map((f) => {
    if (f === 'detectionScriptContent' || f === 'remediationScriptContent') {
      const bytes = (v: unknown) => (typeof v === 'string' ? Buffer.from(v, 'base64').length : 0);
      return `${f}: ${bytes(actual[f])} -> ${bytes(desired[f])} bytes`;
    }
    if (f === 'description') return 'description changed';
    return `${f}: ${JSON.stringify(actual[f] ?? null)} -> ${JSON.stringify(desired[f] ?? null)}`;
  });
}

