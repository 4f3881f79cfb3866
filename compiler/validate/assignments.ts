/**
 * The rules of `assignments` (where Intune runs the remediation; `remc publish` creates them): each
 * reported as REMC056 at the key at fault (an unknown key as REMC013, as everywhere), each assignment
 * checked whole. Its schedule and filter: compiler/validate/schedule.ts.
 */
import { closest, type SourceLocation } from '../diagnostics.ts';
import { ASSIGNMENT_KEYS, TARGET_KEYS } from '../declare/assignments.ts';
import { LIMITS } from '../declare/limits.ts';
import { isRecord, shown, type Report } from './problems.ts';
import { checkFilter, checkSchedule, type AssignmentRules } from './schedule.ts';

const ASSIGNMENT_EXAMPLE = "{ group: 'Pilot devices', schedule: { daily: '02:00' } }";
const ASSIGNMENT_KEYS_HINT = 'An assignment takes one target (group, allDevices or allUsers), and exclude, filter: { name, mode } and schedule: { daily, everyDays, useUtc } | { hourly } | { once, useUtc }.';

/** The assignments seen so far: the first of each target (a group by its name in lower case), for the duplicate's note. */
interface Seen {
  readonly at: (path: readonly (string | number)[]) => SourceLocation;
  readonly report: Report;
  readonly first: Map<string, { index: number; shown: string }>;
}

/** Every rule of the declaration's `assignments` (its type is the option table's); `at` locates a path below `assignments`. */
export function checkAssignments(value: unknown, at: (path: readonly (string | number)[]) => SourceLocation, report: Report): void {
  if (!Array.isArray(value)) return; // absent, or the option's own check reported it
  const seen: Seen = { at, report, first: new Map() };
  value.forEach((item: unknown, index) => checkAssignment(item, index, seen));
}

function rulesFor(index: number, seen: Seen): AssignmentRules {
  const where = (...path: (string | number)[]) => seen.at([index, ...path]);
  return {
    name: `assignments[${index}]`,
    where,
    fail: (message, location, notes) => seen.report('REMC056', message, location, undefined, notes),
    unknownKeys: (object, known, path, owner) => {
      const unknown = Object.keys(object).filter((key) => !known.includes(key));
      for (const key of unknown) {
        const close = closest(key, known);
        seen.report('REMC013', `'${key}' is not a key of ${owner}${close ? `; did you mean '${close}'?` : ''}`, where(...path, key), ASSIGNMENT_KEYS_HINT);
      }
      return unknown.length;
    },
  };
}

function checkAssignment(item: unknown, index: number, seen: Seen): void {
  const rules = rulesFor(index, seen);
  const { name, where, fail } = rules;
  if (!isRecord(item)) {
    fail(`${name} is not an assignment: expected an object such as ${ASSIGNMENT_EXAMPLE}, got ${shown(item)}`, where());
    return;
  }
  const misspelt = rules.unknownKeys(item, ASSIGNMENT_KEYS, [], 'an assignment');
  const given = TARGET_KEYS.filter((key) => item[key] !== undefined);
  const target = checkTarget(item, given, misspelt, rules);
  if (target) checkRepeated(target, given[0]!, index, seen, rules);

  // exclude: a group only, with neither schedule nor filter.
  const exclude = item['exclude'];
  if (exclude !== undefined && typeof exclude !== 'boolean') {
    // Whether it excludes is unknown, so whether it needs a schedule is too: only this is reported.
    fail(`${name}.exclude must be true or false, got ${shown(exclude)}`, where('exclude'));
    return;
  }
  if (exclude === true) {
    if (given.length === 1 && given[0] !== 'group') {
      fail(`${name} excludes ${given[0]}, but only a group can be excluded (Graph has no exclusion of all devices or all users)`, where('exclude'));
    } else {
      if (item['schedule'] !== undefined) fail(`${name} excludes its group, so it has no schedule: an excluded group runs nothing`, where('schedule'));
      if (item['filter'] !== undefined) fail(`${name} excludes its group, so it takes no filter (exclude the group, or include it with a filter of mode 'exclude')`, where('filter'));
    }
    return;
  }
  checkFilter(item['filter'], rules);
  if (item['schedule'] === undefined) fail(`${name} has no schedule: every assignment that does not exclude needs one, e.g. schedule: { daily: '02:00' }`, where());
  else checkSchedule(item['schedule'], rules);
}

/** The target: exactly one of group, allDevices, allUsers. When it is sound, how duplicates know it. */
function checkTarget(item: Record<string, unknown>, given: readonly string[], misspelt: number, { name, where, fail }: AssignmentRules): { key: string; label: string } | undefined {
  if (given.length === 0) {
    // A misspelt target key was reported as such; "names no target" would only repeat it.
    if (misspelt === 0) fail(`${name} names no target: give exactly one of group: '<Entra group name>', allDevices: true or allUsers: true`, where());
    return undefined;
  }
  if (given.length > 1) {
    fail(`${name} names ${given.length} targets (${given.join(', ')}): give exactly one, and one assignment per target`, where(given[1]!));
    return undefined;
  }
  const key = given[0]!;
  if (key === 'group') {
    const group = item['group'];
    if (typeof group !== 'string') fail(`${name}.group must be the name of an Entra ID group, got ${shown(group)}`, where('group'));
    else if (group.trim() === '') fail(`${name}.group must not be empty`, where('group'));
    else if (group.length > LIMITS.groupName) fail(`${name}.group is ${group.length} characters long; an Entra ID group name has at most ${LIMITS.groupName}`, where('group'));
    // A group by its name, case-insensitively: two spellings of one name are one group to a directory search.
    else return { key: `group:${group.toLowerCase()}`, label: `group "${group}"` };
    return undefined;
  }
  if (item[key] !== true) {
    fail(`${name}.${key} must be true (leave it out to name another target), got ${shown(item[key])}`, where(key));
    return undefined;
  }
  return { key, label: key };
}

/** The same target twice (so a group is never both included and excluded either), with a note at the first. */
function checkRepeated(target: { key: string; label: string }, key: string, index: number, seen: Seen, { name, where, fail }: AssignmentRules): void {
  const earlier = seen.first.get(target.key);
  if (earlier) {
    fail(`${name} names ${target.label} again (first in assignments[${earlier.index}]); give each target one assignment`, where(key), [
      { message: `the first assignment of ${earlier.shown}`, location: seen.at([earlier.index, key]) },
    ]);
  } else {
    seen.first.set(target.key, { index, shown: target.label });
  }
}
