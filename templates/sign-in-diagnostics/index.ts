/**
 * signInDiagnostics: a detect-only check that reads the AAD Operational log and `dsregcmd /status` and
 * classifies why silent sign-in fails: an OS cause (stale tokens, broken WAM: the fixes help), an
 * account, policy, network or device cause (they do not), or none.
 */
import type { Diagnosis } from '../../compiler/api.ts';
import { createDiagnosis, NO_REQUIREMENTS, option, type TemplateSpec } from '../../compiler/template.ts';

/** Client ids whose silent sign-in failures count: Teams desktop, Microsoft 365 desktop, Office. */
export const DEFAULT_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
];

export interface SignInDiagnosticsProps {
  /**
   * Name of the check; other checks refer to it through `diagnosis.finds(...)`.
   * @default 'diagnosis'
   */
  readonly name?: string;
  /**
   * How far back the AAD log is read (never before the last fix).
   * @default 24
   */
  readonly windowHours?: number;
  /**
   * Silent sign-in failures (AADSTS50058 or 0xCAA2000C) needed for an OS cause: one alone is normal.
   * @default 3
   */
  readonly minFailures?: number;
  /**
   * The failures must spread over at least this many minutes (one burst of retries is not a symptom).
   * @default 30
   */
  readonly minSpreadMinutes?: number;
  /**
   * The latest failure must be this recent.
   * @default 4
   */
  readonly recentHours?: number;
  /**
   * Application (client) ids whose failures count; an empty list counts every client.
   * @default Teams desktop, Microsoft 365 desktop and Office client ids
   */
  readonly clientIds?: readonly string[];
}

export const signInDiagnosticsTemplate: TemplateSpec<SignInDiagnosticsProps> = {
  name: 'sign-in-diagnostics',
  factory: 'signInDiagnostics',
  title: 'Sign-in diagnostics',
  defaultName: 'diagnosis',
  // The user's SID and dsregcmd's user and SSO sections are only meaningful as the user; dsregcmd
  // lives in the 64-bit System32.
  requirements: { ...NO_REQUIREMENTS, runAs: ['user'], needs64Bit: true, needsUserSession: true },
  detectOnly: true,
  defaultTriggers: [],
  options: {
    name: option.string(),
    windowHours: option.number({ min: 1, max: 720 }),
    minFailures: option.number({ min: 1, max: 1000, integer: true }),
    minSpreadMinutes: option.number({ min: 0, max: 10080 }),
    recentHours: option.number({ min: 1, max: 720 }),
    clientIds: option.stringArray(),
  },
  lower(props) {
    return {
      WindowHours: props.windowHours ?? 24,
      MinFailures: props.minFailures ?? 3,
      MinSpreadMinutes: props.minSpreadMinutes ?? 30,
      RecentHours: props.recentHours ?? 4,
      ClientIds: [...(props.clientIds ?? DEFAULT_CLIENT_IDS)],
      EventIds: [1097, 1098],
      PrtMaxAgeHours: 4,
    };
  },
};

export type SignInDiagnosticsHost = { readonly runAs: 'user'; readonly is64Bit: true };

/**
 * Classifies the cause of silent sign-in failures (Teams error 50058) for the signed-in user. It never
 * fixes anything; use `diagnosis.finds('os')` as the trigger of the fixes that help with an OS cause.
 */
export function signInDiagnostics(props?: SignInDiagnosticsProps): Diagnosis<SignInDiagnosticsHost> {
  return createDiagnosis(signInDiagnosticsTemplate, props);
}
