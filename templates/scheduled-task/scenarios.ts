/**
 * Scenarios of scheduled-task, run by `remc test` for every remediation that uses it (detect ->
 * remediate -> detect against the fakes in fakes.ps1).
 *
 * A template scenario cannot know which task a remediation declares, so the setups use the fakes'
 * "declared task" (`New-RemcFakeScheduledTask -Declared`): a record that answers for whatever folder and
 * name the check asks about. The scenarios start without the ordinary Windows tasks (-NoOrdinaryTask),
 * so a declaration that names one (e.g. the Compatibility Appraiser) sees exactly the scenario's state. The invariants read each check's declaration (Ensure, Enabled, ReportOnly,
 * its triggers) to say what must happen. The exact expectations hold for a remediation with ONE
 * scheduled-task check (several checks would share the one declared task); the safety invariants hold
 * for any number. The scenarios read what the probe saw in every step, so they are about the checks the
 * runtime probes in every run (`appliesTo`): not one whose fix only another check's symptom triggers,
 * which stays unprobed (idle) until that symptom calls for it.
 */
import { added, checkOutcome, stateList, PROBED_IN_EVERY_RUN, type CheckInfo, type RemediationInfo, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** A task record of the fakes' state (`$RemcFakeState.ScheduledTasks`). */
interface TaskRecord {
  readonly TaskPath: string;
  readonly TaskName: string;
  readonly State: string;
  readonly Enabled: boolean;
}

/**
 * Ordinary Windows tasks, and the declared task present and enabled: an ordinary machine for a check
 * with `ensure: 'present'` (the default) and `enabled` true or left out.
 */
export const neutralSetup = `Reset-RemcFakeScheduledTask -Task (New-RemcFakeScheduledTask -Declared -State 'Ready')`;

interface Declared {
  readonly fullName: string;
  readonly ensure: 'present' | 'absent';
  /** null: either. */
  readonly enabled: boolean | null;
  readonly reportOnly: boolean;
}

function declared(check: CheckInfo): Declared {
  const enabled = check.config['Enabled'];
  return {
    fullName: `${String(check.config['Path'])}${String(check.config['Name'])}`,
    ensure: check.config['Ensure'] === 'absent' ? 'absent' : 'present',
    enabled: typeof enabled === 'boolean' ? enabled : null,
    reportOnly: check.config['ReportOnly'] === true,
  };
}

function same(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The stored records that answer for the check's task (the declared task, or the exact folder and name). */
function recordsOf(state: StepView['state'], check: CheckInfo): TaskRecord[] {
  const path = String(check.config['Path']);
  const name = String(check.config['Name']);
  return stateList<TaskRecord>(state, 'ScheduledTasks').filter(
    (r) => (r.TaskPath === '*' && r.TaskName === '*') || (same(r.TaskPath, path) && same(r.TaskName, name)),
  );
}

/** The changes asked for in this step ('enable:\\Contoso\\Cleanup', ...), failed ones included. */
function callsOf(step: StepView): { verb: string; fullName: string; text: string }[] {
  return added<string>(step, 'ScheduledTaskCalls').map((text) => {
    const at = text.indexOf(':');
    return { verb: text.slice(0, at), fullName: text.slice(at + 1), text };
  });
}

function onDrift(check: CheckInfo): boolean {
  return check.hasFix && check.triggers.some((t) => t.kind === 'drift');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'changes only declared tasks, and only as declared (removes only what must be absent, enables or disables only what must be so)',
    check: ({ step, checks }) => {
      for (const call of callsOf(step)) {
        const owners = checks.map(declared).filter((d) => same(d.fullName, call.fullName));
        if (owners.length === 0) return `asked to ${call.text}, which no scheduled-task check declares`;
        const allowed = owners.some((d) =>
          call.verb === 'remove' ? d.ensure === 'absent' : d.ensure === 'present' && d.enabled === (call.verb === 'enable'),
        );
        if (!allowed) return `asked to ${call.text}, against its declaration`;
      }
      return undefined;
    },
  },
  {
    name: 'detection asks for no change',
    check: ({ step }) => {
      const calls = callsOf(step);
      return step.script === 'detect' && calls.length > 0 ? `detection asked to ${calls.map((c) => c.text).join(', ')}` : undefined;
    },
  },
  {
    name: 'report-only asks for no change',
    check: ({ step, checks }) => {
      const calls = callsOf(step);
      if (checks.length === 0 || !checks.every((k) => declared(k).reportOnly) || calls.length === 0) return undefined;
      return `a report-only check asked to ${calls.map((c) => c.text).join(', ')}`;
    },
  },
  {
    name: 'a fix that reports success leaves the task as declared',
    check: ({ step, checks }) => {
      if (step.script !== 'remediate') return undefined;
      for (const k of checks) {
        if (checkOutcome(step, k.name)?.Fix !== 'fixed') continue;
        const d = declared(k);
        const left = recordsOf(step.state, k);
        if (d.ensure === 'absent' && left.length > 0) return `${k.name} says it fixed ${d.fullName}, which is still registered`;
        if (d.ensure === 'present' && left.length === 0) return `${k.name} says it fixed ${d.fullName}, which is gone`;
        if (d.ensure === 'present' && d.enabled !== null && left.some((r) => r.Enabled !== d.enabled)) {
          return `${k.name} says it fixed ${d.fullName}, which is not ${d.enabled ? 'enabled' : 'disabled'}`;
        }
      }
      return undefined;
    },
  },
];

/** The declared task when a scenario starts. */
type Start = { readonly present: false } | { readonly present: true; readonly state: string; readonly enabled: boolean };

/** What the check's probe finds at the start: its desired state, drift the fix can repair, or a missing task it cannot. */
function expectation(d: Declared, start: Start): 'ok' | 'fixable' | 'unfixable' {
  if (!start.present) return d.ensure === 'absent' ? 'ok' : 'unfixable';
  if (d.ensure === 'absent') return 'fixable';
  if (d.enabled === null) return 'ok';
  return start.enabled === d.enabled ? 'ok' : 'fixable';
}

/** With one scheduled-task check: what each step shows, from its declaration and its triggers. */
function behaves(start: Start): ScenarioInvariant {
  return {
    name: 'with one scheduled-task check: the probe sees the declared state; with a drift trigger the fix is due, runs and leaves it as declared (or fails on a missing task it cannot create)',
    check: ({ step, checks, remediation }) => {
      if (!onlyCheck(checks, remediation)) return undefined;
      const k = checks[0]!;
      const out = checkOutcome(step, k.name);
      if (!out) return `${k.name} is missing from the outcome`;
      const d = declared(k);
      const want = expectation(d, start);
      const probe = want === 'ok' ? 'ok' : 'drift';
      if (step.label !== 'detect again' && out.Probe.State !== probe) return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}), expected ${probe}`;
      if (!onDrift(k)) return undefined;
      if (step.label === 'detect') {
        if (want === 'ok') return out.Fix === 'none' ? undefined : `${k.name}: fix ${out.Fix} with nothing to do`;
        if (out.Fix !== 'due' || step.exitCode !== 1) return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix}, expected due`;
        return undefined;
      }
      if (step.label === 'remediate') {
        if (want === 'ok') return out.Fix === 'none' ? undefined : `${k.name}: fix ${out.Fix} with nothing to do`;
        if (want === 'unfixable') {
          if (out.Fix !== 'failed' || step.exitCode !== 1 || !(out.FixError ?? '').includes('remc never creates scheduled tasks')) {
            return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''}), expected it to fail saying it cannot create the task`;
          }
          return callsOf(step).length > 0 ? `asked to ${callsOf(step).map((c) => c.text).join(', ')} for a missing task` : undefined;
        }
        const fix = d.reportOnly ? 'reported' : 'fixed';
        if (out.Fix !== fix) return `${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''}), expected ${fix}`;
        if (!d.reportOnly && out.After?.State !== 'ok') return `${k.name}: after the fix the probe says ${out.After?.State ?? 'nothing'} (${out.After?.Summary ?? ''})`;
        return undefined;
      }
      // detect again
      if (want === 'fixable' && !d.reportOnly && out.Probe.State !== 'ok') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary}) after the fix`;
      if (want === 'ok' && out.Probe.State !== 'ok') return `${k.name}: probe ${out.Probe.State} (${out.Probe.Summary})`;
      return undefined;
    },
  };
}

const present = (state: string, enabled: boolean): Start => ({ present: true, state, enabled });

/** The scenario is about one check, the remediation's only scheduled-task check (several share the one declared task). */
function onlyCheck(checks: readonly CheckInfo[], remediation: RemediationInfo): boolean {
  return checks.length === 1 && remediation.checks.filter((c) => c.template === checks[0]!.template).length === 1;
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'the declared task is missing',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: 'Reset-RemcFakeScheduledTask -NoOrdinaryTask',
    invariants: [behaves({ present: false })],
  },
  {
    name: 'the declared task is present and enabled (Ready)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task (New-RemcFakeScheduledTask -Declared -State 'Ready')`,
    invariants: [behaves(present('Ready', true))],
  },
  {
    name: 'the declared task is disabled',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task (New-RemcFakeScheduledTask -Declared -State 'Disabled')`,
    invariants: [behaves(present('Disabled', false))],
  },
  {
    name: 'the declared task is disabled while an instance still runs (State Running, Settings.Enabled false)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task (New-RemcFakeScheduledTask -Declared -State 'Running' -Enabled $false)`,
    invariants: [behaves(present('Running', false))],
  },
  {
    name: 'Get-ScheduledTask fails (Task Scheduler service disabled, 0x80070422)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task (New-RemcFakeScheduledTask -Declared -State 'Ready') -QueryHResult '0x80070422' -QueryMessage 'The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.'`,
    invariants: [
      {
        name: 'every step reports the probe error with its HRESULT, exits 1 and asks for no change',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const out = checkOutcome(step, k.name);
            if (out?.Probe.State !== 'error' || !(out.Probe.Error ?? out.Probe.Summary).includes('Get-ScheduledTask failed (0x80070422)')) {
              return `${k.name}: probe ${out?.Probe.State ?? 'missing'} (${out?.Probe.Error ?? out?.Probe.Summary ?? ''})`;
            }
            if (out.Fix !== 'none') return `${k.name}: fix ${out.Fix} on a probe error`;
          }
          if (callsOf(step).length > 0) return `asked to ${callsOf(step).map((c) => c.text).join(', ')} on a probe error`;
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
  {
    name: 'the change is refused (access denied, 0x80070005)',
    appliesTo: PROBED_IN_EVERY_RUN,
    setup: `Reset-RemcFakeScheduledTask -NoOrdinaryTask -Task (New-RemcFakeScheduledTask -Declared -State 'Ready') -FailAction @('enable', 'disable', 'remove')`,
    invariants: [
      {
        name: 'with one scheduled-task check: a due fix fails with the cmdlet and its HRESULT, and the task stays as it was',
        check: ({ step, checks, remediation }) => {
          if (!onlyCheck(checks, remediation) || step.script !== 'remediate') return undefined;
          const k = checks[0]!;
          const d = declared(k);
          const out = checkOutcome(step, k.name);
          if (!out || !onDrift(k) || d.reportOnly || expectation(d, present('Ready', true)) !== 'fixable') return undefined;
          const cmdlet = d.ensure === 'absent' ? 'Unregister-ScheduledTask' : 'Disable-ScheduledTask';
          if (out.Fix !== 'failed' || step.exitCode !== 1 || !(out.FixError ?? '').includes(`${cmdlet} failed (0x80070005)`)) {
            return `exit ${step.exitCode}, ${k.name}: fix ${out.Fix} (${out.FixError ?? out.FixSummary ?? ''})`;
          }
          const left = recordsOf(step.state, k);
          if (left.length !== 1 || left[0]!.State !== 'Ready' || left[0]!.Enabled !== true) return `the task changed: ${JSON.stringify(left)}`;
          return undefined;
        },
      },
    ],
  },
];
