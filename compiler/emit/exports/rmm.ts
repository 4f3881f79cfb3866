/**
 * The combined script as each RMM tool runs it: only its last lines differ (see CombinedForm), so
 * every tool gets the same decisions, cool-down and summary as the Intune pair. What each tool expects
 * is in the sources named per form; what no public source confirms is left out rather than invented
 * (Datto's .cpt resource.xml, NinjaOne's import format, ImmyBot's exit handling).
 */
import type { CombinedForm } from '../combined.ts';

/**
 * Datto RMM monitor component: the result between `<-Start Result->` and `<-End Result->` as one
 * `NAME=value` line, the steps' lines as the diagnostic, exit 0 OK and 1 alert (the community
 * convention; no official page was found). Component variables arrive as environment variables: a
 * variable named Mode picks the mode. Detection only unless told otherwise: a monitor watches.
 */
export const DATTO_MONITOR: CombinedForm = {
  target: 'datto',
  title: 'Datto RMM monitor',
  modeVariable: 'Mode',
  defaultMode: 'detect',
  report: 'datto-monitor',
  notes: [
    'Datto RMM monitor: prints <-Start Result->, Status=<summary>, <-End Result->, then the lines between <-Start Diagnostic-> and <-End Diagnostic->.',
    'Exit 0 when compliant (no alert), 1 when a fix is due or a probe failed (alert). Mode: detect unless the component variable Mode (or -Mode) says remediate or both.',
  ],
};

/** Datto RMM job component: the combined script, mode from the component variable Mode, default both. */
export const DATTO_COMPONENT: CombinedForm = {
  target: 'datto',
  title: 'Datto RMM component',
  modeVariable: 'Mode',
  defaultMode: 'both',
  report: 'line',
  notes: [
    'Datto RMM component: detect, and only when a fix is due, remediate and detect again (the component variable Mode, or -Mode, picks detect or remediate alone).',
    'Exit 0 when the device ends compliant, else 1; the last line is the summary.',
  ],
};

/**
 * N-able N-sight / N-central script check: exit 0 passes, any other fails; codes 1-999 are reserved
 * and only a code above 1000 shows the script's output (documentation.n-able.com, remote management
 * user guide, script_guide_return.htm). Scripts are limited to 65,535 characters, output to 10,000.
 */
export const NABLE: CombinedForm = {
  target: 'n-able',
  title: 'N-able script check',
  defaultMode: 'both',
  report: 'n-able',
  notes: [
    'N-able: exit 0 when the device ends compliant; 1001 when a fix is due, failed or a probe failed (codes above 1000 show the output). -Mode detect makes it a pure check.',
  ],
};

/** N-able limits a script to this many characters (script_guide_return.htm). */
export const NABLE_SCRIPT_LIMIT = 65_535;

/**
 * NinjaOne: script variables arrive as environment variables ($env:<name>); a script variable named
 * Mode (detect, remediate or both) picks the mode. Its import format, exit-code meaning and bitness
 * are unconfirmed: the script keeps remc's own exit codes and relaunches itself in 64-bit as needed.
 */
export const NINJAONE: CombinedForm = {
  target: 'ninjaone',
  title: 'NinjaOne script',
  modeVariable: 'mode',
  defaultMode: 'both',
  report: 'line',
  notes: [
    'NinjaOne: the script variable Mode ($env:mode: detect, remediate or both; default both) picks the mode.',
    'Exit 0 when the device ends compliant, else 1; the last line is the summary.',
  ],
};

/**
 * ImmyBot task script: ImmyBot sets $Method to test, get or set; `test` returns $true when the
 * machine is compliant (the inverse of Intune's exit 1 = remediate), `set` remediates
 * (immense/immybot-documentation). `set` throws the summary when the fix fails, so ImmyBot reports the
 * failure when it happens. ImmyBot runs a script in the context chosen for it (System, User,
 * Metascript, Cloudscript): this one reads the device itself, so System, or User for a user
 * remediation; a Metascript or Cloudscript runs on ImmyBot's server, not on the computer. Without
 * $Method it runs as the plain combined script.
 */
export const IMMYBOT: CombinedForm = {
  target: 'immybot',
  title: 'ImmyBot task',
  defaultMode: 'detect',
  report: 'immybot',
  notes: [
    'ImmyBot: $Method test outputs only $true (compliant) or $false (a fix is due or a probe failed); set remediates and outputs the summary, ' +
      'or throws it when the device does not end compliant; get outputs the detection summary.',
    'Without $Method it is the plain combined script (REMC_MODE, default detect; exit 0 or 1).',
  ],
  contextNote: (runAs) =>
    runAs === 'user'
      ? 'ImmyBot context: User (the signed-in user\'s account, which this remediation reads and changes); not System, and not Metascript or Cloudscript (they run on the ImmyBot server, not on the computer).'
      : 'ImmyBot context: System (the device\'s SYSTEM account); not User, and not Metascript or Cloudscript (they run on the ImmyBot server, not on the computer).',
};
