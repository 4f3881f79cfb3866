/**
 * How options, defaults, triggers and requirements read in generated Markdown: one wording for the
 * template reference (docs/templates.md) and each remediation's README (compiler/emit/readme.ts).
 */
import type { Trigger } from '../protocol.ts';
import type { Option, Requirements } from '../declare/template.ts';

/** A trigger as the declaration writes it. */
export function triggerText(trigger: Trigger): string {
  switch (trigger.kind) {
    case 'drift':
      return 'onDrift()';
    case 'finding':
      return `onFinding(${trigger.check})`;
    case 'cause':
      return `${trigger.check}.finds(${trigger.causes.map((c) => `'${c}'`).join(', ')})`;
    case 'all':
      return `allOf(${trigger.parts.map(triggerText).join(', ')})`;
    case 'schedule':
      return 'onSchedule()';
  }
}

function isTrigger(value: unknown): value is Trigger {
  return typeof value === 'object' && value !== null && 'kind' in value;
}

/** A value in Markdown: triggers as the declaration writes them, anything else as inline JSON. */
export function show(value: unknown): string {
  if (value === undefined) return '';
  if (isTrigger(value)) return triggerText(value);
  if (Array.isArray(value) && value.length > 0 && value.every(isTrigger)) return value.map(triggerText).join(', ');
  return `\`${JSON.stringify(value)}\``;
}

export function defaultOf(opt: Option): string {
  if (opt.required) return 'required';
  if (opt.defaultText) return opt.defaultText;
  return opt.default === undefined ? '(not set)' : show(opt.default);
}

export function requirementsText(r: Requirements): string {
  const parts = [`runs as ${r.runAs.join(' or ')}`];
  if (r.needs64Bit) parts.push('64-bit PowerShell');
  if (r.needsAdmin) parts.push('administrative rights');
  if (r.needsUserSession) parts.push("the signed-in user's logon session");
  if (r.needsFullLanguage) parts.push('FullLanguage (skipped, and says so, in Constrained Language Mode)');
  return parts.join('; ');
}

/** Text for one Markdown table cell. */
export const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
