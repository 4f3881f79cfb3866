/**
 * Scenarios of folder-size, run by `remc test` for every remediation that uses it. A template scenario
 * cannot know the declared folder or threshold, so the setups make every folder asked for hold the same
 * files (the fake's `-AnyFiles` / `-AnyFileMB`, named `remc-fake-<n>.tmp`), and the invariants read the
 * declared `MaxMB` and `Include` to say what the signal must conclude; the fixes acting on it
 * (`onFinding(size)`) must be due exactly when it finds its symptom, and run in the remediation.
 */
import { checkOutcome, fixRan, psLike, type CheckInfo, type InvariantContext, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** Every folder is empty: no signal finds its symptom. */
export const neutralSetup = 'Reset-RemcFakeFolderSize -AnyFiles 0';

/** Checks of the remediation whose fix runs on this check's finding alone. */
function actingOn(ctx: InvariantContext, k: CheckInfo): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'finding' && t.check === k.name));
}

function describe(step: StepView, name: string): string {
  return JSON.stringify(checkOutcome(step, name) ?? '(no outcome)');
}

/** How many of the fake's files `remc-fake-<n>.tmp` the check's Include counts (a name, or a relative path: the same here). */
function counted(k: CheckInfo, files: number): number {
  const include = Array.isArray(k.config['Include']) ? (k.config['Include'] as unknown[]).map(String) : ['*'];
  let n = 0;
  for (let i = 1; i <= files; i++) if (include.some((p) => psLike(`remc-fake-${i}.tmp`, p))) n++;
  return n;
}

/** One decimal at most, as the probe writes MB. */
function mb(value: number): string {
  return String(Math.round(value * 10) / 10);
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'the signal is probed in every step',
    check: ({ step, checks }) => {
      for (const k of checks) if (!checkOutcome(step, k.name)) return `no outcome of ${k.name}: ${step.lastLine}`;
      return undefined;
    },
  },
];

/**
 * Every folder holds `files` files of `fileMB` MB (and, `denied`, a subfolder it may not read): the
 * signal finds its symptom exactly when the files its Include counts are over its MaxMB; with the
 * unreadable subfolder a total under MaxMB is unknown (a probe error); the fixes acting on it follow.
 */
function measures(files: number, fileMB: number, denied: boolean): ScenarioInvariant {
  return {
    name: `with ${files} files of ${fileMB} MB${denied ? ' and an unreadable subfolder' : ''}, the signal finds its symptom exactly when they are over its threshold${denied ? ' and fails otherwise' : ''}, and the fixes acting on it follow`,
    check: (ctx) => {
      const { step, checks, remediation } = ctx;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o) return `no outcome of ${k.name}`;
        const n = counted(k, files);
        const total = n * fileMB;
        const max = Number(k.config['MaxMB']);
        const found = total > max;
        if (denied && !found) {
          if (o.Probe.State !== 'error' || !o.Probe.Error?.includes('unknown') || !o.Probe.Error.includes('unreadable')) return `expected the size to be unknown (a subfolder unreadable, ${mb(total)} MB counted), got ${describe(step, k.name)}`;
        } else {
          const expected = found ? 'drift' : 'ok';
          if (o.Probe.State !== expected) return `expected ${expected} with ${mb(total)} MB counted against ${max} MB, got ${describe(step, k.name)}`;
          const says = `${denied ? 'at least ' : ''}${mb(total)} MB in ${n} file${n === 1 ? '' : 's'}`;
          if (!o.Probe.Summary.includes(`: ${says}`)) return `expected the summary to say "${says}": ${o.Probe.Summary}`;
          if (denied && !o.Probe.Summary.includes('unreadable')) return `the summary does not say a subfolder was unreadable: ${o.Probe.Summary}`;
        }
        if (remediation.detectOnly && found && step.exitCode !== 1) return `a detect-only remediation with a finding exits ${step.exitCode}`;
        for (const c of actingOn(ctx, k)) {
          const co = checkOutcome(step, c.name);
          if (step.label === 'detect' && found && co?.Fix !== 'due') return `${c.name} acts on ${k.name}, which found its symptom, but is not due: ${describe(step, c.name)}`;
          if (step.label === 'remediate' && found && !fixRan(step, c.name)) return `${c.name} did not run on the finding of ${k.name}: ${describe(step, c.name)}`;
          if (!found && (fixRan(step, c.name) || co?.Fix === 'due') && co?.Trigger === `${k.name}: found`) return `${c.name} acted on a finding of ${k.name} that is not there`;
        }
      }
      return undefined;
    },
  };
}

export const scenarios: TemplateScenario[] = [
  { name: 'the folder is small: 3 files of 1 MB', setup: 'Reset-RemcFakeFolderSize -AnyFiles 3 -AnyFileMB 1', invariants: [measures(3, 1, false)] },
  { name: 'the folder has grown: 40 files of 150 MB (6000 MB)', setup: 'Reset-RemcFakeFolderSize -AnyFiles 40 -AnyFileMB 150', invariants: [measures(40, 150, false)] },
  { name: 'a subfolder cannot be read, beside 2 files of 1 MB', setup: 'Reset-RemcFakeFolderSize -AnyFiles 2 -AnyFileMB 1 -AnyDenied', invariants: [measures(2, 1, true)] },
  { name: 'a subfolder cannot be read, beside 40 files of 150 MB', setup: 'Reset-RemcFakeFolderSize -AnyFiles 40 -AnyFileMB 150 -AnyDenied', invariants: [measures(40, 150, true)] },
  {
    name: 'the folder does not exist: size 0, and the summary says so',
    setup: "Reset-RemcFakeFolderSize -AnyFiles 3 -Missing '*'",
    invariants: [
      {
        name: 'the signal reports "not found, 0 MB" and no symptom',
        check: ({ step, checks }) => {
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (probe?.State !== 'ok' || !probe.Summary.includes(': not found, 0 MB')) return `expected ok "not found, 0 MB", got ${describe(step, k.name)}`;
          }
          return undefined;
        },
      },
    ],
  },
];
