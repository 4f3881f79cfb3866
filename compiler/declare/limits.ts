/**
 * The limits a declaration is held to, stated once: the option table's text lengths, the check name,
 * the group name and the script size the build checks, and a schedule's interval.
 */

/**
 * Text limits. Graph documents none for displayName and description (unconfirmed), so these are
 * conservative values that the Intune portal accepts; the script limit is Intune's documented 200 KB.
 */
export const LIMITS = {
  id: 64,
  displayName: 200,
  description: 1500,
  publisher: 200,
  version: 50,
  checkName: 40,
  scriptBytes: 200 * 1024,
  /** An Entra ID group's display name (its documented limit). */
  groupName: 256,
} as const;

/**
 * The range of a schedule's interval (every N hours, every N days): Graph documents "Valid values 1 to
 * 23" for deviceHealthScriptRunSchedule.interval, which the hourly and daily schedules inherit.
 */
export const SCHEDULE_INTERVAL = { min: 1, max: 23 } as const;
