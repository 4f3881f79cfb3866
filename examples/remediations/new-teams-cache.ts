import { defineRemediation, onDrift, pathCleanup } from 'remc';

// Clear the new Teams cache, keeping the user's uploaded backgrounds. A cache is the normal state of a
// working app, so assign this to the users who report the problem with a run-once schedule; the
// cool-down keeps a recurring assignment from closing Teams more than once a week.
export default defineRemediation({
  id: 'new-teams-cache',
  displayName: 'Clear the new Teams cache',
  description: 'Closes new Teams and clears its cache folder, keeping the backgrounds the user uploaded.',
  publisher: 'Contoso IT',
  runAs: 'user',
  coolDownHours: 24 * 7,
  checks: [pathCleanup({ preset: 'new-teams-cache', trigger: onDrift() })],
});
