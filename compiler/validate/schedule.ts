/**
 * The rules of an assignment's filter and schedule (REMC056 at the key at fault, an unknown key
 * REMC013): a filter names an Intune filter and its mode; a schedule is exactly one of daily, hourly
 * and once, with the keys and values that kind takes.
 */
import { DATE_TIME, FILTER_KEYS, FILTER_MODES, SCHEDULE_KEYS, SCHEDULE_KINDS, TIME } from '../declare/assignments.ts';
import { SCHEDULE_INTERVAL } from '../declare/limits.ts';
import type { Note, SourceLocation } from '../diagnostics.ts';
import { isRecord, shown } from './problems.ts';

/** What the rules of one assignment use (compiler/validate/assignments.ts makes them): its name in messages, where its keys are, how a rule fails. */
export interface AssignmentRules {
  /** `assignments[<index>]`. */
  readonly name: string;
  /** Locates a path below the assignment. */
  readonly where: (...path: (string | number)[]) => SourceLocation;
  /** Reports a broken rule (REMC056). */
  readonly fail: (message: string, location: SourceLocation, notes?: readonly Note[]) => void;
  /** Reports each unknown key (REMC013, with the nearest known one); how many there were. */
  readonly unknownKeys: (object: Record<string, unknown>, known: readonly string[], path: readonly string[], owner: string) => number;
}

/** An assignment's filter, when it has one. */
export function checkFilter(value: unknown, { name, where, fail, unknownKeys }: AssignmentRules): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    fail(`${name}.filter must be an object { name: '<filter name>', mode: 'include' | 'exclude' }, got ${shown(value)}`, where('filter'));
    return;
  }
  unknownKeys(value, FILTER_KEYS, ['filter'], 'an assignment filter');
  const filterName = value['name'];
  if (typeof filterName !== 'string' || filterName.trim() === '') {
    fail(`${name}.filter.name must be the name of an Intune assignment filter, got ${filterName === undefined ? 'none' : shown(filterName)}`, where('filter', ...(filterName === undefined ? [] : ['name'])));
  }
  const mode = value['mode'];
  if (typeof mode !== 'string' || !(FILTER_MODES as readonly string[]).includes(mode)) {
    fail(`${name}.filter.mode must be 'include' or 'exclude', got ${mode === undefined ? 'none' : shown(mode)}`, where('filter', ...(mode === undefined ? [] : ['mode'])));
  }
}

/** The rules of one schedule's keys: `problem` reports at a key below `schedule`. */
interface ScheduleRules {
  /** `assignments[<index>].schedule`. */
  readonly own: string;
  readonly value: Record<string, unknown>;
  readonly problem: (message: string, ...path: string[]) => void;
}

/** An assignment's schedule. */
export function checkSchedule(value: unknown, { name, where, fail, unknownKeys }: AssignmentRules): void {
  const own = `${name}.schedule`;
  if (!isRecord(value)) {
    fail(`${own} must be an object: { daily: 'HH:MM' }, { hourly: <hours> } or { once: 'YYYY-MM-DDTHH:MM' }, got ${shown(value)}`, where('schedule'));
    return;
  }
  const rules: ScheduleRules = { own, value, problem: (message, ...path) => fail(message, where('schedule', ...path)) };
  const misspelt = unknownKeys(value, SCHEDULE_KEYS, ['schedule'], 'a schedule');
  const kinds = SCHEDULE_KINDS.filter((k) => value[k] !== undefined);
  if (kinds.length !== 1) {
    if (kinds.length === 0 && misspelt > 0) return; // the misspelt kind was reported
    rules.problem(
      kinds.length === 0
        ? `${own} names no kind: give one of daily: 'HH:MM', hourly: <hours> or once: 'YYYY-MM-DDTHH:MM'`
        : `${own} gives ${kinds.join(' and ')}: a schedule is exactly one of daily, hourly and once`,
      ...(kinds.length > 1 ? [kinds[1]!] : []),
    );
    return;
  }
  if (kinds[0] === 'hourly') {
    notFor(rules, 'everyDays', 'an hourly schedule (it is for daily ones)');
    notFor(rules, 'useUtc', 'an hourly schedule: it has no time of day');
    checkInterval(rules, 'hourly', 'hours');
  } else if (kinds[0] === 'daily') {
    const time = value['daily'];
    if (typeof time !== 'string' || !TIME.test(time)) rules.problem(`${own}.daily must be a time of day 'HH:MM' from 00:00 to 23:59, got ${shown(time)}`, 'daily');
    if (value['everyDays'] !== undefined) checkInterval(rules, 'everyDays', 'days');
    checkUtc(rules);
  } else {
    notFor(rules, 'everyDays', 'a schedule that runs once (it is for daily ones)');
    checkOnce(rules);
    checkUtc(rules);
  }
}

/** A key the schedule's kind does not take. */
function notFor({ own, value, problem }: ScheduleRules, key: string, what: string): void {
  if (value[key] !== undefined) problem(`${own}.${key} does not apply to ${what}`, key);
}

/** Every N hours or days: a whole number in Graph's documented range. */
function checkInterval({ own, value, problem }: ScheduleRules, key: string, what: string): void {
  const n = value[key];
  if (typeof n !== 'number' || !Number.isInteger(n) || n < SCHEDULE_INTERVAL.min || n > SCHEDULE_INTERVAL.max) {
    problem(`${own}.${key} must be a whole number of ${what} from ${SCHEDULE_INTERVAL.min} to ${SCHEDULE_INTERVAL.max}, got ${shown(n)}`, key);
  }
}

function checkUtc({ own, value, problem }: ScheduleRules): void {
  const u = value['useUtc'];
  if (u !== undefined && typeof u !== 'boolean') problem(`${own}.useUtc must be true or false, got ${shown(u)}`, 'useUtc');
}

/** `once`: a date of the calendar and a time of day. */
function checkOnce({ own, value, problem }: ScheduleRules): void {
  const when = value['once'];
  const m = typeof when === 'string' ? DATE_TIME.exec(when) : null;
  if (!m) {
    problem(`${own}.once must be a date and time 'YYYY-MM-DDTHH:MM', got ${shown(when)}`, 'once');
  } else if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    problem(`${own}.once: ${m[1]}-${m[2]}-${m[3]} is not a date of the calendar`, 'once');
  } else if (!TIME.test(m[4]!)) {
    problem(`${own}.once: ${m[4]} is not a time of day from 00:00 to 23:59`, 'once');
  }
}

/** A real calendar date (the proleptic Gregorian calendar: 2024-02-29 is one, 2025-02-29 is not). */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}
