/**
 * Scenarios of bitlocker-status, run by `remc test` for every remediation that uses it. The check is
 * detect-only: what must hold is what it reports (which depends on the declared requireFixedDataVolumes
 * and mountPoints, so the invariants read them), that no step changes a volume, and that the fixes of
 * other checks acting on its finding (`onFinding(bitlocker)`) are due exactly when it finds a required
 * volume unprotected, and never on a query it could not make.
 */
import { checkOutcome, fixRan, stateList, type CheckInfo, type InvariantContext, type ScenarioInvariant, type StepView, type TemplateScenario } from '../../compiler/declare/scenario-spec.ts';

/** An ordinary managed laptop: C: is the OS volume, fully encrypted with XTS-AES 128, protection on. */
export const neutralSetup = 'Reset-RemcFakeBitLockerStatus';

/** JSON with object keys sorted, so a round trip of the fakes' state does not read as a change. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function list(config: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = config[key];
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map((v) => String(v).toUpperCase());
}

/** Whether the check requires a volume with this letter and VolumeType (the probe's own rule). */
function requires(k: CheckInfo, letter: string, type: 'os' | 'fixed' | 'portable'): boolean {
  return type === 'os' || (type === 'fixed' && k.config['RequireFixedDataVolumes'] === true) || list(k.config, 'MountPoints').includes(letter.toUpperCase());
}

/** Checks of the remediation whose fix runs on this check's finding. */
function actingOn(ctx: InvariantContext, k: CheckInfo): CheckInfo[] {
  return ctx.remediation.checks.filter((c) => c.hasFix && c.triggers.some((t) => t.kind === 'finding' && t.check === k.name));
}

function describe(step: StepView, name: string): string {
  return JSON.stringify(checkOutcome(step, name) ?? '(no outcome)');
}

export const invariants: ScenarioInvariant[] = [
  {
    name: 'no step changes an encryptable volume',
    check: ({ step }) => {
      const before = canonical(stateList(step.before, 'BitLockerVolumes'));
      const after = canonical(stateList(step.state, 'BitLockerVolumes'));
      return before === after ? undefined : `the volumes changed: ${before} -> ${after}`;
    },
  },
  {
    name: 'the BitLocker check is probed in every step',
    check: ({ step, checks }) => {
      for (const k of checks) if (!checkOutcome(step, k.name)) return `no outcome of ${k.name}: ${step.lastLine}`;
      return undefined;
    },
  },
];

/**
 * In every step the check reports `summary` (a prefix) and is out of its desired state exactly when
 * `found(k)`; a detect-only remediation then exits 1; the fixes acting on the finding are due in the
 * first detection and run in the remediation exactly when it is found.
 */
function reports(summary: string, found: (k: CheckInfo) => boolean): ScenarioInvariant {
  return {
    name: `the check reports "${summary}", out of its desired state when a required volume is not protected, and the fixes acting on it follow`,
    check: (ctx) => {
      const { step, checks, remediation } = ctx;
      for (const k of checks) {
        const probe = checkOutcome(step, k.name)?.Probe;
        const expected = found(k) ? 'drift' : 'ok';
        if (probe?.State !== expected || !probe.Summary.startsWith(summary)) return `expected ${expected} "${summary}...", got ${describe(step, k.name)}`;
        if (remediation.detectOnly && expected === 'drift' && step.exitCode !== 1) return `a detect-only remediation with a finding exits ${step.exitCode}`;
        for (const c of actingOn(ctx, k)) {
          const o = checkOutcome(step, c.name);
          if (step.label === 'detect') {
            if (expected === 'drift' && o?.Fix !== 'due') return `${c.name} acts on the finding of ${k.name} but is not due: ${describe(step, c.name)}`;
            if (expected === 'ok' && o?.Fix === 'due' && o.Trigger === `${k.name}: found`) return `${c.name} is due on a finding of ${k.name} that is not there`;
          } else if (step.label === 'remediate') {
            if (expected === 'drift' && !fixRan(step, c.name)) return `${c.name} did not run on the finding of ${k.name}: ${describe(step, c.name)}`;
            if (expected === 'ok' && fixRan(step, c.name) && o?.Trigger === `${k.name}: found`) return `${c.name} ran on a finding of ${k.name} that is not there`;
          }
        }
      }
      return undefined;
    },
  };
}

export const scenarios: TemplateScenario[] = [
  {
    name: 'an ordinary encrypted laptop',
    setup: 'Reset-RemcFakeBitLockerStatus',
    invariants: [reports('C: protected (XTS-AES 128)', () => false)],
  },
  {
    name: 'protection suspended on the OS volume (encrypted, protection off)',
    setup: 'Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus 0 -ConversionStatus 1)',
    invariants: [reports('C: not protected (encrypted, protection off)', () => true)],
  },
  {
    name: 'the OS volume is still encrypting',
    setup: 'Reset-RemcFakeBitLockerStatus -Volume @(New-RemcFakeEncryptableVolume -ProtectionStatus 0 -ConversionStatus 2)',
    invariants: [reports('C: not protected (encrypting)', () => true)],
  },
  {
    name: 'a second fixed disk is not encrypted',
    setup:
      'Reset-RemcFakeBitLockerStatus -Volume @((New-RemcFakeEncryptableVolume), ' +
      "(New-RemcFakeEncryptableVolume -DriveLetter 'D:' -VolumeType 1 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0))",
    invariants: [reports('C: protected (XTS-AES 128); D: not protected (not encrypted', (k) => requires(k, 'D:', 'fixed'))],
  },
  {
    name: 'an unencrypted USB stick is plugged in',
    setup:
      'Reset-RemcFakeBitLockerStatus -Volume @((New-RemcFakeEncryptableVolume), ' +
      "(New-RemcFakeEncryptableVolume -DriveLetter 'G:' -VolumeType 2 -ProtectionStatus 0 -ConversionStatus 0 -EncryptionMethod 0))",
    invariants: [reports('C: protected (XTS-AES 128)', (k) => requires(k, 'G:', 'portable'))],
  },
  {
    name: 'BitLocker is not installed (no WMI namespace)',
    setup: "Reset-RemcFakeBitLockerStatus -Unavailable 'namespace missing'",
    invariants: [reports('BitLocker not available (its WMI provider is not installed)', () => true)],
  },
  {
    name: 'the query is denied (not run as an administrator)',
    setup: "Reset-RemcFakeBitLockerStatus -Unavailable 'access denied'",
    invariants: [
      {
        name: 'every step reports the probe error, exits 1, and no fix runs on it',
        check: (ctx) => {
          const { step, checks } = ctx;
          for (const k of checks) {
            const probe = checkOutcome(step, k.name)?.Probe;
            if (probe?.State !== 'error' || !probe.Error?.startsWith('cannot read BitLocker status: access denied')) return describe(step, k.name);
            for (const c of actingOn(ctx, k)) {
              if (fixRan(step, c.name) || checkOutcome(step, c.name)?.Fix === 'due') return `${c.name} acted on a check that failed: ${describe(step, c.name)}`;
            }
          }
          return step.exitCode === 1 ? undefined : `exit ${step.exitCode}: ${step.lastLine}`;
        },
      },
    ],
  },
];
