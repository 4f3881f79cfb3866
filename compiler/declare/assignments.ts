/**
 * What an assignment is (`assignments` in a declaration: where Intune runs the remediation, which
 * `remc publish` creates): the types declarations are written with, the keys and formats it takes and
 * the JSON Schema editors read. The rules themselves are compiler/validate/assignments.ts.
 */
import { LIMITS, SCHEDULE_INTERVAL } from './limits.ts';

/**
 * When Intune runs the detection (and the remediation it calls for) on the devices of an assignment:
 * Graph's `runSchedule`. Exactly one of `daily`, `hourly` and `once`. Times are the device's local time
 * unless `useUtc` is set.
 *
 * Graph documents 1 to 23 as the valid values of every schedule's `interval`
 * (deviceHealthScriptRunSchedule), so `everyDays` and `hourly` take 1 to 23: for a daily schedule the
 * admin center may accept more, but remc keeps to the documented range.
 */
export type AssignmentSchedule =
  | {
      /** Every day (every `everyDays` days) at this time: `'HH:MM'`, 00:00 to 23:59 (deviceHealthScriptDailySchedule). */
      readonly daily: string;
      /**
       * Run every this many days, a whole number from 1 to 23 (Graph's `interval`).
       * @default 1
       */
      readonly everyDays?: number;
      /**
       * `daily` is UTC rather than the device's local time.
       * @default false
       */
      readonly useUtc?: boolean;
      readonly hourly?: never;
      readonly once?: never;
    }
  | {
      /** Every this many hours, a whole number from 1 to 23 (deviceHealthScriptHourlySchedule). */
      readonly hourly: number;
      readonly daily?: never;
      readonly once?: never;
      readonly everyDays?: never;
      readonly useUtc?: never;
    }
  | {
      /** Once, at this date and time: `'YYYY-MM-DDTHH:MM'`, a real calendar date (deviceHealthScriptRunOnceSchedule). */
      readonly once: string;
      /**
       * `once` is UTC rather than the device's local time.
       * @default false
       */
      readonly useUtc?: boolean;
      readonly daily?: never;
      readonly hourly?: never;
      readonly everyDays?: never;
    };

/** Who an assignment is for: exactly one of `group`, `allDevices` and `allUsers`. */
export type AssignmentTarget =
  | {
      /**
       * An Entra ID group, by its display name (not empty, at most 256 characters); `remc publish` looks
       * its id up. Two assignments of one group (names compared case-insensitively) are an error.
       */
      readonly group: string;
      readonly allDevices?: never;
      readonly allUsers?: never;
    }
  | {
      /** Every device Intune manages (Graph's allDevicesAssignmentTarget). */
      readonly allDevices: true;
      readonly group?: never;
      readonly allUsers?: never;
    }
  | {
      /** Every licensed user, on their devices (Graph's allLicensedUsersAssignmentTarget). */
      readonly allUsers: true;
      readonly group?: never;
      readonly allDevices?: never;
    };

/** An Intune assignment filter, by its name, and whether the devices it matches are included or excluded. */
export interface AssignmentFilter {
  /** The filter's name in Intune (not empty); `remc publish` looks its id up. */
  readonly name: string;
  /** `'include'`: only the devices the filter matches run it; `'exclude'`: those devices do not. */
  readonly mode: 'include' | 'exclude';
}

/** What an assignment that includes its target says besides the target. */
export interface AssignmentInclusion {
  /**
   * `true` excludes a group instead (see {@link AssignmentExclusion}).
   * @default false
   */
  readonly exclude?: false;
  /** An assignment filter by its name in Intune, and whether it includes or excludes the devices it matches. */
  readonly filter?: AssignmentFilter;
  /** When the detection runs on the devices of this target; required for every target that is not an exclusion. */
  readonly schedule: AssignmentSchedule;
}

/**
 * An excluded group: its members never run the remediation, even when another assignment includes them
 * (Graph's exclusionGroupAssignmentTarget, which exists for groups only: all devices and all users
 * cannot be excluded). It has no schedule, as it runs nothing, and no filter: the Graph type inherits the
 * filter fields, but whether Intune honours a filter on an exclusion is documented nowhere, so remc
 * refuses one rather than publish an exclusion that may not mean what it says.
 */
export interface AssignmentExclusion {
  /** Exclude this group (only with `group`; no schedule, no filter). */
  readonly exclude: true;
  readonly filter?: never;
  readonly schedule?: never;
}

/**
 * One Intune assignment of the remediation (a deviceHealthScriptAssignment that `remc publish` creates):
 * a target, and when it runs there, e.g. `{ group: 'Pilot devices', schedule: { daily: '02:00' } }`;
 * or a group it excludes, `{ group: 'Kiosks', exclude: true }`.
 */
export type Assignment =
  | (Extract<AssignmentTarget, { readonly group: string }> & (AssignmentInclusion | AssignmentExclusion))
  | (Exclude<AssignmentTarget, { readonly group: string }> & AssignmentInclusion);

/** The keys of an assignment, its schedule and its filter, and the formats of a time and a date. */
export const TARGET_KEYS = ['group', 'allDevices', 'allUsers'] as const;
export const ASSIGNMENT_KEYS = [...TARGET_KEYS, 'exclude', 'filter', 'schedule'] as const;
export const SCHEDULE_KINDS = ['daily', 'hourly', 'once'] as const;
export const SCHEDULE_KEYS = [...SCHEDULE_KINDS, 'everyDays', 'useUtc'] as const;
export const FILTER_KEYS = ['name', 'mode'] as const;
export const FILTER_MODES = ['include', 'exclude'] as const;
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/;

/** The JSON Schema of `assignments` (YAML editors); the rules themselves are compiler/validate/assignments.ts. */
export function assignmentsSchema(): Record<string, unknown> {
  const interval = (what: string) => ({ type: 'integer', minimum: SCHEDULE_INTERVAL.min, maximum: SCHEDULE_INTERVAL.max, description: `${what}, ${SCHEDULE_INTERVAL.min} to ${SCHEDULE_INTERVAL.max}.` });
  const useUtc = { type: 'boolean', default: false, description: "The time is UTC, not the device's local time." };
  const time = TIME.source;
  return {
    type: 'array',
    items: {
      type: 'object',
      properties: {
        group: { type: 'string', minLength: 1, maxLength: LIMITS.groupName, description: 'An Entra ID group, by its display name.' },
        allDevices: { const: true, description: 'Every device Intune manages.' },
        allUsers: { const: true, description: 'Every licensed user, on their devices.' },
        exclude: { type: 'boolean', default: false, description: 'Exclude this group (only with group; no schedule, no filter).' },
        filter: {
          type: 'object',
          description: 'An assignment filter by its name in Intune, and whether it includes or excludes the devices it matches.',
          properties: { name: { type: 'string', minLength: 1, description: "The filter's name in Intune." }, mode: { enum: [...FILTER_MODES], description: 'include: only the devices the filter matches; exclude: all but those.' } },
          required: ['name', 'mode'],
          additionalProperties: false,
        },
        schedule: {
          description: 'When the detection runs on the devices of this target; required unless the assignment excludes.',
          oneOf: [
            {
              type: 'object',
              properties: { daily: { type: 'string', pattern: time, description: "Every day at this time, 'HH:MM'." }, everyDays: { ...interval('Run every this many days'), default: 1 }, useUtc },
              required: ['daily'],
              additionalProperties: false,
            },
            { type: 'object', properties: { hourly: interval('Every this many hours') }, required: ['hourly'], additionalProperties: false },
            {
              type: 'object',
              properties: { once: { type: 'string', pattern: `^\\d{4}-\\d{2}-\\d{2}T${time.slice(1)}`, description: "Once, at this date and time, 'YYYY-MM-DDTHH:MM'." }, useUtc },
              required: ['once'],
              additionalProperties: false,
            },
          ],
        },
      },
      additionalProperties: false,
      oneOf: TARGET_KEYS.map((key) => ({ required: [key] })),
      if: { properties: { exclude: { const: true } }, required: ['exclude'] },
      then: { required: ['group'], not: { anyOf: [{ required: ['schedule'] }, { required: ['filter'] }] } },
      else: { required: ['schedule'] },
    },
  };
}
