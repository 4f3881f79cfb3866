/**
 * PowerShell names made from model names, here and nowhere else: a template's function names, its
 * native-code variable, and the PascalCase keys of the config record a probe or fix reads.
 */
import type { ConfigValue } from '../declare/template.ts';
import type { PsValue } from '../ps/literal.ts';

/** `service-state` -> `ServiceState`; `reportOnly` -> `ReportOnly`. */
export function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase());
}

/** The PowerShell names a template's files define and the runtime calls. */
export function templateNames(template: string): { probe: string; fix: string; native: string } {
  const pascal = pascalCase(template);
  return { probe: `Test-Remc${pascal}`, fix: `Repair-Remc${pascal}`, native: `RemcNative${pascal}` };
}

/** A config record with PascalCase keys at every level, as the template's PowerShell reads it. */
export function psConfig(value: ConfigValue): PsValue {
  if (Array.isArray(value)) return value.map((v) => psConfig(v as ConfigValue));
  if (value !== null && typeof value === 'object') {
    // An option left unset (undefined) is not written: the PowerShell reads $null for it.
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [pascalCase(k), psConfig(v as ConfigValue)]));
  }
  return value as PsValue;
}
