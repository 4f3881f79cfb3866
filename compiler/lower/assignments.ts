/**
 * Valid assignments (compiler/validate/assignments.ts holds their rules) as the model's, defaults
 * resolved: a schedule's `everyDays` 1 and `useUtc` false, no filter, not excluded.
 */
import type { Assignment, AssignmentSchedule } from '../declare/assignments.ts';
import { DATE_TIME } from '../declare/assignments.ts';
import type { SourceLocation } from '../diagnostics.ts';
import type { AssignmentModel, AssignmentScheduleModel } from './model.ts';

/** The model of each assignment, in declaration order; `at` locates a path below `assignments`. */
export function lowerAssignments(assignments: readonly Assignment[], at: (path: readonly (string | number)[]) => SourceLocation): AssignmentModel[] {
  return assignments.map((a, index) => {
    const target: AssignmentModel['target'] = a.group !== undefined ? { kind: 'group', group: a.group } : a.allDevices ? { kind: 'allDevices' } : { kind: 'allUsers' };
    const exclude = a.exclude === true;
    const filter = exclude || a.filter === undefined ? null : { name: a.filter.name, mode: a.filter.mode };
    const schedule = exclude || a.schedule === undefined ? null : lowerSchedule(a.schedule);
    return { target, exclude, filter, schedule, at: at([index]) };
  });
}

function lowerSchedule(schedule: AssignmentSchedule): AssignmentScheduleModel {
  if (schedule.hourly !== undefined) return { kind: 'hourly', interval: schedule.hourly };
  if (schedule.daily !== undefined) return { kind: 'daily', time: schedule.daily, interval: schedule.everyDays ?? 1, useUtc: schedule.useUtc === true };
  const m = DATE_TIME.exec(schedule.once!);
  if (!m) throw new Error(`remc: the schedule once: '${schedule.once}' was not validated`);
  return { kind: 'once', date: `${m[1]}-${m[2]}-${m[3]}`, time: m[4]!, useUtc: schedule.useUtc === true };
}
