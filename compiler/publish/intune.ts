/**
 * What remc's model means in Intune's Graph terms (beta `deviceManagement/deviceHealthScripts`): the
 * fields remc owns on a script and how they compare, the assignment bodies and how they compare, and
 * the name look-ups of groups and filters. Built from the Graph reference pages "deviceHealthScript
 * resource type", "Update deviceHealthScript", "assign action" and "deviceHealthScriptAssignment
 * resource type"; scripts are compared as decoded bytes, never as text.
 */
import type { AssignmentModel } from '../lower/model.ts';
import { GraphError, type GraphClient } from './graph.ts';

export const SCRIPTS = '/deviceManagement/deviceHealthScripts';

/** The fields remc sets on a script and compares, in the order a plan names them. */
export const OWNED_FIELDS = ['displayName', 'description', 'publisher', 'runAsAccount', 'runAs32Bit', 'enforceSignatureCheck', 'detectionScriptContent', 'remediationScriptContent'] as const;
export type OwnedField = (typeof OWNED_FIELDS)[number];
const CONTENT: readonly OwnedField[] = ['detectionScriptContent', 'remediationScriptContent'];

/** Graph's script object, as far as remc reads it. */
export interface GraphScript {
  readonly id: string;
  readonly displayName?: string;
  readonly description?: string | null;
  readonly [field: string]: unknown;
}

function decoded(value: unknown): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
}

/** The owned fields whose values differ between what remc built and what Graph holds. */
export function changedFields(desired: Readonly<Record<string, unknown>>, actual: Readonly<Record<string, unknown>>): OwnedField[] {
  return OWNED_FIELDS.filter((field) => {
    if (CONTENT.includes(field)) return !decoded(desired[field]).equals(decoded(actual[field]));
    return (desired[field] ?? null) !== (actual[field] ?? null);
  });
}

const TYPE = {
  group: '#microsoft.graph.groupAssignmentTarget',
  exclusion: '#microsoft.graph.exclusionGroupAssignmentTarget',
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
  allUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
  daily: '#microsoft.graph.deviceHealthScriptDailySchedule',
  hourly: '#microsoft.graph.deviceHealthScriptHourlySchedule',
  once: '#microsoft.graph.deviceHealthScriptRunOnceSchedule',
} as const;

/** Group and filter ids by the names the declarations use. */
export interface ResolvedNames {
  readonly groups: ReadonlyMap<string, string>;
  readonly filters: ReadonlyMap<string, string>;
}

const key = (name: string) => name.toLowerCase();

/** The body of one assignment in `POST {id}/assign`. */
export function assignmentBody(a: AssignmentModel, names: ResolvedNames, detectOnly: boolean): Record<string, unknown> {
  const target: Record<string, unknown> = {
    '@odata.type': a.target.kind === 'group' ? (a.exclude ? TYPE.exclusion : TYPE.group) : TYPE[a.target.kind],
    deviceAndAppManagementAssignmentFilterId: a.filter ? names.filters.get(key(a.filter.name))! : null,
    deviceAndAppManagementAssignmentFilterType: a.filter ? a.filter.mode : 'none',
    ...(a.target.kind === 'group' ? { groupId: names.groups.get(key(a.target.group))! } : {}),
  };
  const s = a.schedule;
  const runSchedule =
    s === null ? null
    : s.kind === 'daily' ? { '@odata.type': TYPE.daily, interval: s.interval, useUtc: s.useUtc, time: `${s.time}:00.0000000` }
    : s.kind === 'hourly' ? { '@odata.type': TYPE.hourly, interval: s.interval }
    : { '@odata.type': TYPE.once, interval: 1, useUtc: s.useUtc, date: s.date, time: `${s.time}:00.0000000` };
  return { '@odata.type': '#microsoft.graph.deviceHealthScriptAssignment', target, runRemediationScript: !detectOnly && !a.exclude, runSchedule };
}

/** One assignment (a body remc sends or one Graph returns) as a comparable text. */
export function assignmentKey(body: Readonly<Record<string, any>>): string {
  const t = body['target'] ?? {};
  const s = body['runSchedule'];
  const hhmm = (time: unknown) => String(time ?? '').slice(0, 5);
  const schedule =
    !s ? 'none'
    : s['@odata.type'] === TYPE.daily ? `daily/${s.interval}/${hhmm(s.time)}/${s.useUtc === true}`
    : s['@odata.type'] === TYPE.hourly ? `hourly/${s.interval}`
    : s['@odata.type'] === TYPE.once ? `once/${s.date}/${hhmm(s.time)}/${s.useUtc === true}`
    : `other/${JSON.stringify(s)}`;
  const filterType = t.deviceAndAppManagementAssignmentFilterType ?? 'none';
  const filter = filterType === 'none' ? '' : String(t.deviceAndAppManagementAssignmentFilterId ?? '');
  return [t['@odata.type'], t.groupId ?? '', filterType, filter, body['runRemediationScript'] === true, schedule].join('|');
}

/** The same set of assignments (order does not matter). */
export function sameAssignments(a: readonly Record<string, unknown>[], b: readonly Record<string, unknown>[]): boolean {
  const ka = a.map(assignmentKey).sort();
  const kb = b.map(assignmentKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** An OData string literal: quotes doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The ids of the groups and filters `assignments` name, or a problem per name that does not exist or
 * is not unique. Asked before anything is written, so an unknown name writes nothing.
 */
export async function resolveNames(graph: GraphClient, assignments: readonly AssignmentModel[]): Promise<{ names: ResolvedNames; problems: { assignment: AssignmentModel; message: string }[] }> {
  const groups = new Map<string, string>();
  const filters = new Map<string, string>();
  const problems: { assignment: AssignmentModel; message: string }[] = [];
  const groupNames = new Map<string, AssignmentModel>();
  const filterNames = new Map<string, AssignmentModel>();
  for (const a of assignments) {
    if (a.target.kind === 'group' && !groupNames.has(key(a.target.group))) groupNames.set(key(a.target.group), a);
    if (a.filter && !filterNames.has(key(a.filter.name))) filterNames.set(key(a.filter.name), a);
  }
  for (const a of groupNames.values()) {
    const name = (a.target as { group: string }).group;
    const found = await graph.list<{ id: string; displayName: string }>(`/groups?$filter=${encodeURIComponent(`displayName eq ${odataString(name)}`)}&$select=id,displayName`);
    if (found.length === 1) groups.set(key(name), found[0]!.id);
    else problems.push({ assignment: a, message: found.length === 0 ? `no group is named "${name}" in Entra ID` : `${found.length} groups are named "${name}" (${found.map((g) => g.id).join(', ')}): the name must be unique` });
  }
  if (filterNames.size > 0) {
    const all = await graph.list<{ id: string; displayName: string }>('/deviceManagement/assignmentFilters?$select=id,displayName');
    for (const a of filterNames.values()) {
      const name = a.filter!.name;
      const found = all.filter((f) => key(f.displayName ?? '') === key(name));
      if (found.length === 1) filters.set(key(name), found[0]!.id);
      else problems.push({ assignment: a, message: found.length === 0 ? `no assignment filter is named "${name}" in Intune` : `${found.length} assignment filters are named "${name}": the name must be unique` });
    }
  }
  return { names: { groups, filters }, problems };
}

/** Every script in the tenant (the list carries no content: read one by id for that). */
export function listScripts(graph: GraphClient): Promise<GraphScript[]> {
  return graph.list<GraphScript>(`${SCRIPTS}?$select=id,displayName,description,publisher`);
}

/** One script with its content, or undefined when Graph has none with that id. */
export async function getScript(graph: GraphClient, id: string): Promise<GraphScript | undefined> {
  try {
    return (await graph.get(`${SCRIPTS}/${encodeURIComponent(id)}`)) as GraphScript;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return undefined;
    throw error;
  }
}

export function getAssignments(graph: GraphClient, id: string): Promise<Record<string, unknown>[]> {
  return graph.list(`${SCRIPTS}/${encodeURIComponent(id)}/assignments`);
}

/** Words for an assignment, for the plan. */
export function describeAssignment(a: AssignmentModel): string {
  const who = a.target.kind === 'group' ? `group "${a.target.group}"` : a.target.kind === 'allDevices' ? 'all devices' : 'all users';
  const s = a.schedule;
  const when =
    s === null ? ''
    : s.kind === 'daily' ? ` ${s.interval === 1 ? 'daily' : `every ${s.interval} days`} at ${s.time}${s.useUtc ? ' UTC' : ''}`
    : s.kind === 'hourly' ? ` every ${s.interval === 1 ? 'hour' : `${s.interval} hours`}`
    : ` once at ${s.date} ${s.time}${s.useUtc ? ' UTC' : ''}`;
  return `${a.exclude ? 'exclude ' : ''}${who}${a.filter ? ` (filter "${a.filter.name}", ${a.filter.mode})` : ''}${when}`;
}
