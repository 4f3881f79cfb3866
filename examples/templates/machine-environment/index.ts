/**
 * machineEnvironment: a template of this project's own (not one remc ships): a machine-wide
 * environment variable must hold a value. It is laid out like remc's built-in templates, and remc
 * loads, type-checks and proves it the same way.
 */
import { defineTemplate, onDrift, option } from 'remc';

export const machineEnvironment = defineTemplate({
  title: 'Machine environment variable',
  summary: 'Keeps a machine-wide environment variable at the declared value (HKLM, so SYSTEM only).',
  defaultName: 'environment',
  requirements: { runAs: ['system'], needsAdmin: true },
  options: {
    /** The variable's name, e.g. `CONTOSO_PROXY`. */
    variable: option.string({ required: true, pattern: /^[A-Za-z_][A-Za-z0-9_]*$/, patternText: 'is not a variable name (letters, digits, underscores)' }),
    /** The value it must hold. */
    value: option.string({ required: true, maxLength: 2048 }),
    /** When the fix may run. */
    trigger: option.triggers({ default: [onDrift()] }),
  },
});
