/**
 * Scenarios of disk-space, run by `remc test` for every remediation that uses it. A template scenario
 * cannot know the declared drive or thresholds, so the setups give every drive asked for the same size
 * and free space (the fake's `-AnySizeGB` / `-AnyFreeGB`), and the invariants read the declared
 * `MinFreePercent` and `MinFreeGB` to say what the signal must conclude; the fixes acting on it
 * (`onFinding(space)`) must be due exactly when it finds its symptom, and run in the remediation.
 */
import { added, checkOutcome, fixRan, type CheckInfo, type InvariantContext, type ScenarioInvariant, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** Every drive is a 2 TB local disk with 90 % free: no signal with an ordinary threshold finds its symptom. */
export const neutralSetup = 'Reset-RemcFakeDiskSpace -AnySizeGB 2048 -AnyFreeGB 1843.2';

function threshold(config: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = config[key];
  return value === undefined || value === null || value === '' ? undefined : Number(value);
}

/** The drive a check reads: its own, else the fake's %SystemDrive%. */
function driveOf(k: CheckInfo): string {
  const drive = k.config['Drive'];
  return typeof drive === 'string' && drive !== '' ? drive.toUpperCase() : 'C:';
}

/** Checks of the remediation whose fix runs on this check's finding alone. */
function actingOn(ctx: InvariantContext, k: CheckInfo): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'finding' && t.check === k.name));
}

function describe(step: InvariantContext['step'], name: string): string {
  return JSON.stringify(checkOutcome(step, name) ?? '(no outcome)');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'reads only the declared drive (or the system drive), once per probe',
    check: ({ step, checks }) => {
      const drives = new Set(checks.map(driveOf));
      for (const asked of added<string>(step, 'DiskSpaceQueries')) if (!drives.has(String(asked).toUpperCase())) return `read drive ${asked}, which no signal declares`;
      return undefined;
    },
  },
  {
    name: 'the signal is probed in every step',
    check: ({ step, checks }) => {
      for (const k of checks) if (!checkOutcome(step, k.name)) return `no outcome of ${k.name}: ${step.lastLine}`;
      return undefined;
    },
  },
];

/**
 * Every drive `sizeGB` with `freeGB` free: the signal finds its symptom exactly when that is below one
 * of its thresholds, says the free GB and percent, and the fixes acting on it follow.
 */
function findsWhenBelow(sizeGB: number, freeGB: number): ScenarioInvariant {
  const percent = (freeGB * 100) / sizeGB;
  return {
    name: `with ${freeGB} GB free of ${sizeGB} GB, the signal finds its symptom exactly when that is below a threshold, and the fixes acting on it follow`,
    check: (ctx) => {
      const { step, checks, remediation } = ctx;
      for (const k of checks) {
        const o = checkOutcome(step, k.name);
        if (!o) return `no outcome of ${k.name}`;
        const minPercent = threshold(k.config, 'MinFreePercent');
        const minGB = threshold(k.config, 'MinFreeGB');
        const found = (minPercent !== undefined && percent < minPercent) || (minGB !== undefined && freeGB < minGB);
        const expected = found ? 'drift' : 'ok';
        if (o.Probe.State !== expected) return `expected ${expected} (${percent.toFixed(1)} % and ${freeGB} GB free against ${minPercent ?? '-'} % / ${minGB ?? '-'} GB), got ${describe(step, k.name)}`;
        const says = `${driveOf(k)} ${freeGB.toFixed(1)} GB free of ${sizeGB.toFixed(1)} GB (${percent.toFixed(1)} %)`;
        if (!o.Probe.Summary.startsWith(says)) return `expected the summary to start "${says}": ${o.Probe.Summary}`;
        if (found !== o.Probe.Summary.includes(', below ')) return `the summary does not say which threshold it is below: ${o.Probe.Summary}`;
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

/** Every step fails the signal's probe with `error` (a prefix; `<drive>` is the check's), exits 1, and no fix acts on it. */
function failsWith(error: string): ScenarioInvariant {
  return {
    name: `every step reports "${error}..." as a probe error, exits 1, and no fix acts on it`,
    check: (ctx) => {
      const { step, checks } = ctx;
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        const expected = error.replace('<drive>', driveOf(k));
        if (probe?.State !== 'error' || !probe.Error?.startsWith(expected)) return `expected the error "${expected}...", got ${describe(step, k.name)}`;
        for (const c of actingOn(ctx, k)) {
          if (fixRan(step, c.name) || checkOutcome(step, c.name)?.Fix === 'due') return `${c.name} acted on a signal that could not be read: ${describe(step, c.name)}`;
        }
      }
      return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
    },
  };
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'plenty of free space: 900 GB of 1 TB',
    setup: 'Reset-RemcFakeDiskSpace -AnySizeGB 1024 -AnyFreeGB 900',
    invariants: [findsWhenBelow(1024, 900)],
  },
  {
    name: 'the volume is nearly full: 2 GB free of 256 GB',
    setup: 'Reset-RemcFakeDiskSpace -AnySizeGB 256 -AnyFreeGB 2',
    invariants: [findsWhenBelow(256, 2)],
  },
  {
    name: 'the drive does not exist on the device',
    setup: "Reset-RemcFakeDiskSpace -AnySizeGB 256 -AnyFreeGB 2 -Missing '*'",
    invariants: [failsWith('drive <drive> not found on this device')],
  },
  {
    name: 'the drive has no medium (the volume is not ready)',
    setup: "Reset-RemcFakeDiskSpace -AnySizeGB 256 -AnyFreeGB 2 -NotReady '*'",
    invariants: [failsWith('drive <drive> is not ready')],
  },
];
