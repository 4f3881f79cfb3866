import { checkOutcome, type ScenarioInvariant, type TemplateScenario } from 'remc';

/** An ordinary machine: none of the project's variables set yet. */
export const neutralSetup = 'Reset-RemcFakeMachineEnvironment';

export const invariants: ScenarioInvariant[] = [
  {
    name: 'writes only the declared variables',
    check: ({ step, checks }) => {
      const declared = checks.map((k) => String(k.config['Variable']));
      const writes = (step.state['MachineVariableWrites'] as string[] | undefined) ?? [];
      const stray = writes.filter((w) => !declared.includes(w));
      return stray.length > 0 ? `wrote ${stray.join(', ')}` : undefined;
    },
  },
];

export const scenarios: TemplateScenario[] = [
  {
    name: 'the variable is missing',
    setup: 'Reset-RemcFakeMachineEnvironment',
    invariants: [
      {
        name: 'with a drift trigger, it is due, set, and in desired state afterwards',
        check: ({ step, checks }) => {
          for (const k of checks.filter((c) => c.triggers.some((t) => t.kind === 'drift'))) {
            const o = checkOutcome(step, k.name);
            if (step.label === 'detect' && o?.Fix !== 'due') return `not due: ${JSON.stringify(o)}`;
            if (step.label === 'remediate' && (step.exitCode !== 0 || o?.Fix !== 'fixed')) return `exit ${step.exitCode}: ${step.lastLine}`;
            if (step.label === 'detect again' && o?.Probe.State !== 'ok') return JSON.stringify(o?.Probe);
          }
          return undefined;
        },
      },
    ],
  },
];
