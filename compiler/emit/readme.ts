/**
 * The README of each built remediation (`dist/<id>/README.md`) and of the whole output
 * (`dist/README.md`): what an admin needs to review and upload it, generated from the model alone, so
 * it says exactly what the scripts beside it do. dist/index.json stays the machine-readable index.
 */
import { hasSymptomFix, mayAnswer, type AssignmentModel, type AssignmentScheduleModel, type CheckModel, type RemediationModel } from '../lower/model.ts';
import { CONFIRM_WITHIN_HOURS, STATUS_MEANINGS, STATUSES, type Trigger } from '../protocol.ts';
import { cell, defaultOf, requirementsText, show, triggerText } from './spec-text.ts';

/** One remediation's entry in dist/index.json (the artifact step writes it; the build README lists it). */
export interface IndexEntry {
  readonly id: string;
  readonly [key: string]: unknown;
}

/**
 * A line of a template's or custom check's PowerShell that Windows PowerShell 5.1's command data
 * refuses, accepted by its `# remc-allow REMC023: <reason>` comment: the remediation's README lists it.
 */
export interface Ps51Exception {
  /** Where the comment is: the template or custom .ps1 and its line. */
  readonly file: string;
  readonly line: number;
  readonly reason: string;
  /** The findings it accepted (REMC023 messages). */
  readonly accepted: readonly string[];
}

function yesNo(value: boolean): string {
  return value ? 'Yes' : 'No';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Where a check's PowerShell comes from, as the README names it. */
function origin(check: CheckModel): string {
  return check.source.kind === 'template' ? `template \`${check.source.name}\` (\`${check.source.origin}\`)` : `custom check (\`${check.source.origin}\`)`;
}

function fixesWhen(check: CheckModel): string {
  if (!check.hasFix) return 'never (detects only)';
  if (check.triggers.length === 0) return 'never (no trigger)';
  return check.triggers.map((t) => `\`${triggerText(t)}\`: ${firesWhen(t)}`).join('; ');
}

function firesWhen(t: Trigger): string {
  if (t.kind === 'drift') return 'its own probe finds it out of its desired state';
  if (t.kind === 'finding') return `check \`${t.check}\` finds its symptom`;
  if (t.kind === 'cause') return `diagnosis \`${t.check}\` finds the cause ${t.causes.join(' or ')}`;
  if (t.kind === 'schedule') return `every detection, at most once per cool-down (the detection after a run says when the next is due)`;
  return `all of these in the same run: ${t.parts.map(firesWhen).join(', and ')}`;
}

/**
 * The status words a remediation's scripts can print, in rank order (compiler/protocol.ts STATUSES):
 * the README lists no state the declaration rules out (a detect-only remediation is never FIX DUE).
 */
export function reachableStatuses(model: RemediationModel, kind: 'detect' | 'remediate'): readonly string[] {
  const fixes = model.checks.some((c) => c.hasFix);
  // A check without a fix, or one whose probe can say its drift is none its fix can repair.
  const withoutFix = model.checks.some((c) => !c.hasFix || mayAnswer(c, 'Repairable'));
  const diagnoses = model.checks.some((c) => (c.spec.causes?.length ?? 0) > 0);
  const symptoms = model.checks.some((c) => c.triggers.some((t) => t.kind !== 'drift' && t.kind !== 'schedule'));
  const symptomFixes = hasSymptomFix(model);
  const scheduled = model.checks.some((c) => c.hasFix && c.triggers.some((t) => t.kind === 'schedule'));
  const driftFixes = model.checks.some((c) => c.hasFix && c.triggers.some((t) => t.kind === 'drift'));
  const reportOnly = model.checks.some((c) => c.hasFix && c.config['reportOnly'] === true);
  const rules: Readonly<Record<string, boolean>> = {
    // Only the combined script checks its account: Intune runs the pair as remediation.json says.
    'WRONG ACCOUNT': false,
    'FIX DUE': fixes,
    ESCALATE: fixes,
    'ISSUE FOUND': model.detectOnly,
    // A check without a fix out of its desired state is ISSUE FOUND when nothing can fix anything.
    'ACTION NEEDED': fixes && withoutFix,
    HELD: fixes && (model.coolDownHours > 0 || model.checks.some((c) => c.hasFix && mayAnswer(c, 'Waits'))),
    CONFIRMING: fixes && symptoms && model.confirmRuns > 1,
    ABNORMAL: diagnoses,
    FAILED: fixes,
    'NOT CONVERGED': fixes,
    'REPORTED ONLY': reportOnly,
    FIXED: driftFixes,
    // A fix a symptom triggered is proven (or not) by the detections after it.
    APPLIED: symptomFixes || scheduled,
    UNPROVEN: symptomFixes,
  };
  return STATUSES[kind].filter((word) => rules[word] ?? true);
}

function statusTable(model: RemediationModel, kind: 'detect' | 'remediate'): string[] {
  const lines = ['| status | exit code | what it means |', '|---|---|---|'];
  const meanings: Readonly<Record<string, { exitCode: number; meaning: string }>> = STATUS_MEANINGS[kind];
  for (const status of reachableStatuses(model, kind)) lines.push(`| ${status} | ${meanings[status]!.exitCode} | ${cell(meanings[status]!.meaning)} |`);
  return lines;
}

function checkSection(check: CheckModel): string[] {
  const spec = check.spec;
  const lines = [`### \`${check.name}\`: ${check.source.title}`, '', spec.summary, '', `- From: ${origin(check)}.`, `- Needs: ${requirementsText(check.requirements)}.`, `- Fixes: ${fixesWhen(check)}.`, ''];
  const options = Object.entries(spec.options).filter(([name]) => name !== 'checkName' && name !== 'trigger');
  if (options.length > 0) {
    lines.push('| option | value | type | default |', '|---|---|---|---|');
    for (const [name, opt] of options) {
      const value = check.options[name];
      const shown = check.secrets.includes(name) ? '(secret: only remediate.ps1 carries it)' : value === undefined ? '(not set)' : cell(show(value));
      lines.push(`| \`${name}\` | ${shown} | ${cell(opt.describe)} | ${cell(defaultOf(opt))} |`);
    }
    lines.push('');
  }
  return lines;
}

/** A schedule in words: "daily at 02:00 (device time)", "every 4 hours", "once, on 2025-03-01 at 02:00 (UTC)". */
export function scheduleText(schedule: AssignmentScheduleModel): string {
  if (schedule.kind === 'hourly') return schedule.interval === 1 ? 'every hour' : `every ${schedule.interval} hours`;
  const clock = schedule.useUtc ? 'UTC' : 'device time';
  if (schedule.kind === 'once') return `once, on ${schedule.date} at ${schedule.time} (${clock})`;
  return `${schedule.interval === 1 ? 'daily' : `every ${schedule.interval} days`} at ${schedule.time} (${clock})`;
}

/** Who an assignment is for, in words. */
export function assignmentTargetText(target: AssignmentModel['target']): string {
  if (target.kind === 'group') return `group "${target.group}"`;
  return target.kind === 'allDevices' ? 'all devices' : 'all users';
}

/**
 * The declared assignments, one table row each. Only a remediation that declares `assignments` has the
 * section: the README of one without the option stays as it was (the build output is unchanged), and
 * its upload steps already say to assign it.
 */
function assignmentsSection(model: RemediationModel): string[] {
  if (model.assignments === null) return [];
  if (model.assignments.length === 0) {
    return ['## Assignments', '', 'Declared as none (`assignments: []`): `remc publish` leaves the script package assigned to nothing.', ''];
  }
  const lines = [
    '## Assignments',
    '',
    `Declared in \`assignments\`: \`remc publish\` creates these assignments in Intune (uploading by hand, set them in the Assignments step).${model.detectOnly ? ' Detect-only: each runs the detection script only.' : ''}`,
    '',
    '| target | mode | filter | schedule |',
    '|---|---|---|---|',
  ];
  for (const a of model.assignments) {
    const filter = a.filter ? `${a.filter.mode === 'include' ? 'only' : 'all but'} the devices filter "${a.filter.name}" matches` : 'none';
    const schedule = a.schedule ? scheduleText(a.schedule) : 'none (excluded)';
    lines.push(`| ${cell(assignmentTargetText(a.target))} | ${a.exclude ? 'exclude' : 'include'} | ${cell(filter)} | ${cell(schedule)} |`);
  }
  lines.push('');
  return lines;
}

/**
 * The lines of its PowerShell that Windows PowerShell 5.1's command data refuses and a
 * `# remc-allow REMC023: <reason>` comment accepts. Only a remediation that has any has the section.
 */
function ps51ExceptionsSection(exceptions: readonly Ps51Exception[]): string[] {
  if (exceptions.length === 0) return [];
  const lines = [
    '## Windows PowerShell 5.1 exceptions',
    '',
    "Lines that remc's Windows PowerShell 5.1 check refuses (its command data is Windows 10 1809), accepted by a `# remc-allow REMC023: <reason>` comment in the source:",
    '',
  ];
  const sorted = [...exceptions].sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  for (const e of sorted) lines.push(`- \`${e.file}:${e.line}\`: ${e.reason} (accepts: ${e.accepted.join('; ')})`);
  lines.push('');
  return lines;
}

/**
 * What Constrained Language Mode (AppLocker, WDAC) does to the checks, saying only what is known: which
 * need FullLanguage (read from their code, or declared), that built-in templates' code needs none (read
 * from it, and run in that mode by remc's own tests), and that a custom check's (or a project template's)
 * code has nothing that mode refuses by static check: only running it there proves its method calls.
 */
function languageModeLines(model: RemediationModel): string[] {
  const names = (checks: readonly CheckModel[]) => checks.map((c) => `\`${c.name}\``).join(', ');
  const needs = model.checks.filter((c) => c.requirements.needsFullLanguage);
  const proven = model.checks.filter((c) => !c.requirements.needsFullLanguage && c.source.builtin);
  const read = model.checks.filter((c) => !c.requirements.needsFullLanguage && !c.source.builtin);
  const lines: string[] = [];
  if (needs.length > 0) {
    lines.push(`In Constrained Language Mode (AppLocker, WDAC) ${names(needs)} cannot run: ${needs.length === 1 ? 'it is' : 'they are'} skipped and the line says SKIPPED.`);
  }
  if (proven.length === model.checks.length) {
    lines.push("Every check also runs in Constrained Language Mode (AppLocker, WDAC): remc's templates, whose code holds nothing that mode refuses, and remc's own tests run them in it.");
  } else if (proven.length > 0) {
    lines.push(`${names(proven)} ${proven.length === 1 ? 'runs' : 'run'} in Constrained Language Mode too: remc's templates, whose code holds nothing that mode refuses, and remc's own tests run them in it.`);
  }
  if (read.length > 0) {
    const one = read.length === 1;
    lines.push(
      `${names(read)}: remc's static check finds nothing in ${one ? 'its' : 'their'} code that Constrained Language Mode refuses; ` +
        `only running ${one ? 'it' : 'them'} in that mode proves ${one ? 'its' : 'their'} method calls on objects (\`remc test\` does).`,
    );
  }
  return lines.length > 1 ? lines.flatMap((l, i) => (i === 0 ? [l] : ['', l])) : lines;
}

/**
 * When its fixes may run (cool-down, the limit on repeats, confirmation, proof), the probes' time
 * budget and where it keeps its marker: only a remediation that can fix has the section.
 */
function repeatsSection(model: RemediationModel): string[] {
  const perWhat = model.runAs === 'user' ? 'per user on each device' : 'per device';
  return [
    '## Cool-down and the limit on repeats',
    '',
    model.coolDownHours > 0
      ? `- Cool-down: after a fix, no fix runs again for ${plural(model.coolDownHours, 'hour')} (${perWhat}), and evidence older than the fix is ignored. Until then detection and remediation say HELD (exit 0) with the time it ends (\`coolDownHours: ${model.coolDownHours}\`).`
      : '- Cool-down: none (`coolDownHours: 0`): a due fix runs at every run.',
    `- Limit on repeats: after ${model.maxFixes} ${model.maxFixes === 1 ? 'fix' : 'fixes'} within ${plural(model.fixWindowHours, 'hour')} (${perWhat}), the remediation stops fixing and says ESCALATE (exit 1) with what it saw: a fix that does not hold needs a person (\`maxFixes: ${model.maxFixes}\`, \`fixWindowHours: ${model.fixWindowHours}\`).`,
    ...(model.confirmRuns > 1
      ? [
          `- Confirmation: a symptom (a diagnosis' cause, a finding) must be seen by ${model.confirmRuns} consecutive detections, at most ${CONFIRM_WITHIN_HOURS} hours apart, before a fix it triggers runs; until then detection says CONFIRMING (exit 0) (\`confirmRuns: ${model.confirmRuns}\`).`,
        ]
      : []),
    ...(hasSymptomFix(model)
      ? [
          `- Proof: a fix a symptom triggered is not taken to have worked because the symptom is gone right after it (the diagnosis reads only evidence since the fix). The remediation says APPLIED, and each detection after it says, in a part \`fix of <time>: ...\`, whether it **held** (positive evidence since the fix, e.g. a sign-in token renewed), did **not hold** (its symptom seen again: the fix counts twice toward the limit, so a person hears sooner), is **not yet proven** (detection says UNPROVEN, exit 0), or stays **unknown** (neither within ${plural(model.fixWindowHours, 'hour')}). \`remc status\` counts the devices by these verdicts.`,
        ]
      : []),
    `- Time: the probes of one run share a budget of ${plural(model.probeBudgetSeconds, 'second')}; a probe that would start after it is spent is skipped and says so (\`probeBudgetSeconds: ${model.probeBudgetSeconds}\`).`,
    `- Where it remembers: ${model.runAs === 'user' ? '`%LOCALAPPDATA%\\remc\\' : '`%ProgramData%\\remc\\'}${model.id}.json\` (the marker; see \`docs/schema/Marker.schema.json\` in remc).`,
    '',
  ];
}

/** dist/<id>/README.md; `ps51Exceptions`: the `# remc-allow REMC023` lines its scripts carry. */
export function remediationReadme(model: RemediationModel, generator: string, ps51Exceptions: readonly Ps51Exception[] = []): string {
  const scripts = model.detectOnly ? '`detect.ps1`' : '`detect.ps1` and `remediate.ps1`';
  const fixing = model.checks.filter((c) => c.hasFix && c.triggers.length > 0);
  const lines: string[] = [
    `# ${model.displayName}`,
    '',
    model.description,
    '',
    `\`${model.id}\` version ${model.version}, published by ${model.publisher}. Generated by ${generator} from \`${model.source.file}\`: edit the declaration and build again, not this file.`,
    '',
    '## What it detects and fixes',
    '',
    '| check | what it is | fixes when |',
    '|---|---|---|',
    ...model.checks.map((c) => `| \`${c.name}\` | ${cell(c.source.title)} | ${cell(fixesWhen(c))} |`),
    '',
    model.detectOnly
      ? 'Detect-only: no check can fix, so there is no remediate.ps1. Detection reports ISSUE FOUND (exit 1) when a check is out of its desired state, and Intune shows it as an issue.'
      : `Detection runs every check; a fix runs only when its trigger fires (${plural(fixing.length, 'check')} can fix). Detection never changes the device; remediate.ps1 probes again on its own, runs the due fixes, and probes once more.`,
    '',
  ];
  if (!model.detectOnly) lines.push(...repeatsSection(model));
  lines.push(
    '## Where it runs',
    '',
    '| Intune setting | value |',
    '|---|---|',
    `| Run this script using the logged-on credentials | ${yesNo(model.runAs === 'user')} (runs as ${model.runAs === 'user' ? 'the signed-in user' : 'SYSTEM'}) |`,
    `| Enforce script signature check | ${yesNo(model.enforceSignatureCheck)} |`,
    `| Run script in 64-bit PowerShell | ${yesNo(model.runAs64Bit)}${model.runAs64Bit ? ' (started in 32-bit, the script relaunches itself in 64-bit)' : ''} |`,
    '',
    ...languageModeLines(model),
    '',
    '## Checks and their options',
    '',
  );
  for (const check of model.checks) lines.push(...checkSection(check));
  lines.push(
    '## What the last line says',
    '',
    `Each run prints one summary line, \`[${model.id}] STATUS | <check>: <what it saw> | ...\`, which Intune shows as the detection or remediation output. Its status, the first that holds in this order (a check that did not run is also counted in the line as \`not run: <n> of <m> checks\`):`,
    '',
    '`detect.ps1`:',
    '',
    ...statusTable(model, 'detect'),
    '',
  );
  if (!model.detectOnly) lines.push('`remediate.ps1`:', '', ...statusTable(model, 'remediate'), '');
  lines.push(...assignmentsSection(model));
  lines.push(...ps51ExceptionsSection(ps51Exceptions));
  lines.push(
    '## Upload it',
    '',
    `- Intune admin center: Devices > Scripts and remediations > Remediations > Create. Name: ${model.displayName}; publisher: ${model.publisher}; description as above. Upload ${scripts} from this folder, set the three settings as in "Where it runs", then assign it to a group with a schedule.`,
    '- Microsoft Graph: `POST https://graph.microsoft.com/beta/deviceManagement/deviceHealthScripts` with `remediation.json` as the body (the scripts inside, base64; run-as, bitness and signature check set), then `POST .../deviceHealthScripts/{id}/assign`.',
    '',
  );
  return lines.join('\n');
}

/** dist/README.md: every remediation of the build, in id order. */
export function buildReadme(entries: readonly IndexEntry[], generator: string): string {
  const lines = [
    '# Remediations',
    '',
    `Built by ${generator}; \`index.json\` holds the same list with the sha256 of every file. Each folder has the scripts to upload, \`remediation.json\` (the Graph body) and a README that says what it does.`,
    '',
    '| id | name | runs as | 64-bit | checks | scripts |',
    '|---|---|---|---|---|---|',
  ];
  for (const e of entries) {
    const checks = (e['checks'] as readonly { name: string }[]).map((c) => `\`${c.name}\``).join(', ');
    lines.push(`| [\`${e.id}\`](${e.id}/README.md) | ${cell(String(e['displayName']))} | ${e['runAs']} | ${yesNo(e['runAs64Bit'] === true)} | ${checks} | ${e['detectOnly'] ? 'detect.ps1 (detect-only)' : 'detect.ps1, remediate.ps1'} |`);
  }
  lines.push('');
  const skipped = entries.flatMap((e) => ((e['skipped'] as readonly { target: string; code: string; reason: string }[] | undefined) ?? []).map((s) => ({ id: e.id, ...s })));
  if (skipped.length > 0) {
    lines.push('## Not built for these targets', '', 'Each remediation was built for its other targets; `index.json` lists the same under `skipped`.', '', '| id | target | why |', '|---|---|---|');
    for (const s of skipped) lines.push(`| \`${s.id}\` | ${s.target} | ${s.code}: ${cell(s.reason)} |`);
    lines.push('');
  }
  return lines.join('\n');
}
