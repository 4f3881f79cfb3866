/**
 * Type tests of `assignments`: a declaration whose assignment has the wrong shape does not compile
 * (`tsc` fails when a line marked @ts-expect-error compiles). The build rejects each of these too
 * (REMC056, test/assignments.test.ts); the types say it in the editor first.
 */
import { defineRemediation, serviceState, type Assignment, type AssignmentSchedule } from 'remc';

const base = { displayName: 'x', description: 'x', publisher: 'x', runAs: 'system', checks: [serviceState({ name: 'Spooler' })] } as const;

// What must compile does: every target, every kind of schedule, an exclusion, a filter.
export const assigned = defineRemediation({
  ...base,
  id: 'assigned',
  assignments: [
    { group: 'Pilot devices', schedule: { daily: '02:00' } },
    { group: 'Kiosks', exclude: true },
    { allDevices: true, filter: { name: 'Windows 11', mode: 'exclude' }, schedule: { hourly: 4 } },
    { allUsers: true, schedule: { once: '2026-03-01T02:00', useUtc: true } },
    { group: 'Weekly', schedule: { daily: '13:30', everyDays: 7, useUtc: true } },
  ],
});
const schedules: AssignmentSchedule[] = [{ daily: '02:00' }, { hourly: 1 }, { once: '2026-03-01T02:00' }];
export const one: Assignment = { group: 'Pilot devices', schedule: schedules[0]! };

// A schedule is one of daily, hourly and once.
// @ts-expect-error daily and hourly together
export const both: AssignmentSchedule = { daily: '02:00', hourly: 4 };
// @ts-expect-error weekly is not a schedule
export const weekly: AssignmentSchedule = { weekly: 1 };
// @ts-expect-error hourly is a number of hours, not a time
export const hourlyTime: AssignmentSchedule = { hourly: '04:00' };
// @ts-expect-error daily is a time 'HH:MM', not a number
export const dailyNumber: AssignmentSchedule = { daily: 2 };
// @ts-expect-error an hourly schedule has no time of day, so no useUtc
export const hourlyUtc: AssignmentSchedule = { hourly: 4, useUtc: true };
// @ts-expect-error everyDays is for daily schedules only
export const onceEvery: AssignmentSchedule = { once: '2026-03-01T02:00', everyDays: 2 };

// An assignment names one target.
// @ts-expect-error a group and all devices in one assignment
export const twoTargets: Assignment = { group: 'Pilot', allDevices: true, schedule: { hourly: 1 } };
// @ts-expect-error allDevices is true or left out
export const notAllDevices: Assignment = { allDevices: false, schedule: { hourly: 1 } };
// @ts-expect-error a filter's mode is include or exclude
export const filterMode: Assignment = { allUsers: true, filter: { name: 'f', mode: 'only' }, schedule: { hourly: 1 } };

// Only a group is excluded, and an exclusion has neither schedule nor filter; every other assignment has a schedule.
// @ts-expect-error all devices cannot be excluded
export const allDevicesExcluded: Assignment = { allDevices: true, exclude: true };
// @ts-expect-error all users cannot be excluded
export const allUsersExcluded: Assignment = { allUsers: true, exclude: true, schedule: { hourly: 1 } };
// @ts-expect-error an excluded group runs nothing, so it has no schedule
export const excludedWithSchedule: Assignment = { group: 'Kiosks', exclude: true, schedule: { hourly: 1 } };
// @ts-expect-error an excluded group takes no filter
export const excludedWithFilter: Assignment = { group: 'Kiosks', exclude: true, filter: { name: 'f', mode: 'include' } };
// @ts-expect-error an included group needs a schedule
export const noSchedule: Assignment = { group: 'Pilot devices' };
// @ts-expect-error exclude: false includes, so it needs a schedule too
export const includedNoSchedule: Assignment = { allUsers: true, exclude: false };
export const excluded: Assignment = { group: 'Kiosks', exclude: true };
export const included: Assignment = { allUsers: true, exclude: false, schedule: { hourly: 1 } };

// In a declaration too, at the assignment.
defineRemediation({
  ...base,
  id: 'wrong',
  assignments: [
    // @ts-expect-error a misspelt schedule kind
    { group: 'Pilot devices', schedule: { dayly: '02:00' } },
  ],
});
