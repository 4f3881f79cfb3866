/**
 * signInDiagnostics: a detect-only check that reads the AAD Operational log and `dsregcmd /status` and
 * classifies why silent sign-in fails: an OS cause (stale tokens, broken WAM: the fixes help), an
 * account, policy, network or device cause (they do not), or none.
 */
import { defineTemplate, option } from '../../compiler/declare/template.ts';

/** Client ids whose silent sign-in failures count: Teams desktop, Microsoft 365 desktop, Office. */
export const DEFAULT_CLIENT_IDS: readonly string[] = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '0ec893e0-5785-4de6-99da-4ed124e5296c',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c',
];

export const signInDiagnostics = defineTemplate({
  title: 'Sign-in diagnostics',
  summary:
    'Classifies the cause of silent sign-in failures (Teams error 50058) for the signed-in user. It never fixes anything; ' +
    "use `diagnosis.finds('os')` as the trigger of the fixes that help with an OS cause.",
  defaultName: 'diagnosis',
  // The user's SID and dsregcmd's user and SSO sections are only meaningful as the user; dsregcmd
  // lives in the 64-bit System32.
  // Cmdlets, patterns and casts only (no EventLogReader, [ref] or [pscustomobject]): it runs in
  // Constrained Language Mode too, where hardened fleets need the diagnosis most.
  requirements: { runAs: ['user'], needs64Bit: true, needsUserSession: true },
  causes: ['none', 'os', 'account', 'policy', 'network', 'device', 'unknown'],
  options: {
    /** How far back the AAD log is read, in hours (never before the last fix). */
    windowHours: option.number({ min: 1, max: 720, default: 24 }),
    /**
     * Silent sign-in failures (AADSTS50058 or 0xCAA2000C) needed for an OS cause: one alone is normal.
     * Retries within ten minutes of the one before count once (a burst is one failure).
     */
    minFailures: option.number({ min: 1, max: 1000, integer: true, default: 3 }),
    /** The failures must spread over at least this many minutes (one burst of retries is not a symptom). */
    minSpreadMinutes: option.number({ min: 0, max: 10080, default: 30 }),
    /** The latest failure must be this recent, in hours. */
    recentHours: option.number({ min: 1, max: 720, default: 4 }),
    /** Application (client) ids whose failures count; an empty list counts every client. */
    clientIds: option.stringArray({ default: DEFAULT_CLIENT_IDS, defaultText: 'the Teams desktop, Microsoft 365 desktop and Office client ids' }),
  },
  config: (props) => ({
    windowHours: props.windowHours,
    minFailures: props.minFailures,
    minSpreadMinutes: props.minSpreadMinutes,
    recentHours: props.recentHours,
    clientIds: [...props.clientIds],
    eventIds: [1097, 1098],
    // The desktop processes of each client id, so a fix can stop only the apps that fail: Teams (classic
    // Teams.exe and new Teams ms-teams.exe share the Teams desktop client id); Office apps are not stopped.
    // A list of records, not a map: config keys become PowerShell names, and a GUID is not one.
    clientProcesses: [{ clientId: DEFAULT_CLIENT_IDS[0]!, processes: ['Teams', 'ms-teams'] }],
    prtMaxAgeHours: 4,
    // dsregcmd /status runs network tests on some builds: past this it is stopped and the verdict is unknown.
    dsregTimeoutSeconds: 30,
  }),
});
