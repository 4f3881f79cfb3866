/**
 * wamAccountSignOut: signs the signed-in user's Web Account Manager accounts of one app (by default
 * Office) out, the call Microsoft's `signoutofwamaccounts.ps1` makes, but only the accounts the evidence
 * that triggered it names, never the device's primary account, and never while the app runs.
 *
 * Microsoft presents that script as one step of resetting Office's activation state, for scenarios
 * "where all stored credentials (such as domain/tenant migration) must be cleared" (SupportArticles-docs,
 * Office/.../reset-office-365-proplus-activation-state.md), not as a sign-in repair; and
 * `WebAccount.SignOutAsync` clears the account's cached tokens for the app. Every account it signs out
 * must sign in again in the apps that use it (Outlook, Teams, OneDrive): so it is opt-in, and not part
 * of the teams-signin-50058 flagship.
 *
 * The rules (fix.ps1):
 * - Only accounts of a tenant the triggering evidence names as failing (a diagnosis' `FailingTenants`),
 *   and, where the evidence names accounts (`FailingAccounts`), only those. An account whose tenant
 *   Web Account Manager does not state is never signed out. No tenant named: nobody, and it says so.
 * - Never the primary account of an Entra-joined or hybrid-joined device, read as every account of the
 *   device's own tenant (the evidence's `TenantId`, dsregcmd's, when its `JoinType` is entra or hybrid):
 *   the Windows sign-in is one of them and Web Account Manager does not say which. When the evidence
 *   does not say how the device is joined, or a joined device's tenant, nobody is signed out.
 * - Never while one of the app's processes runs in the user's session: the probe says its fix waits
 *   (`Waits`), so detection says HELD (exit 0) and asks for no remediation; a fix that finds the app
 *   started since signs nobody out and answers `Waits` too. Held is no attempt: no cool-down starts and
 *   nothing counts toward the limit; the next run that still sees the symptom tries again.
 */
import { defineTemplate, option, type OptionProblem } from '../../compiler/declare/template.ts';

/** The Office client id that Microsoft's sign-out script passes to FindAllAccountsAsync. */
export const OFFICE_CLIENT_ID = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';

/**
 * The processes (as Get-Process names them) of the Microsoft 365 desktop apps that sign in as Office:
 * while one of them runs, no Office account is signed out.
 */
export const OFFICE_APP_PROCESSES: readonly string[] = ['OUTLOOK', 'WINWORD', 'EXCEL', 'POWERPNT', 'ONENOTE', 'MSACCESS', 'MSPUB', 'VISIO', 'WINPROJ'];

/** What is wrong with a process name, or undefined. */
function processProblem(name: string): string | undefined {
  if (/\.exe$/i.test(name)) return `"${name}" ends in .exe; give the process name as Get-Process shows it (${name.slice(0, -4)})`;
  if (name === '' || /[*?[\]\\/]/.test(name)) return `"${name}" must be an exact process name (no wildcards or paths)`;
  return undefined;
}

export const wamAccountSignOut = defineTemplate({
  title: 'WAM account sign-out',
  summary:
    "Signs the user's Web Account Manager accounts of one app (by default Office) out when its trigger fires, as Microsoft's Office activation reset does, " +
    "but only the accounts of the tenants the triggering evidence names as failing (a diagnosis' FailingTenants), never the primary account of an " +
    "Entra-joined or hybrid-joined device, and never while the app runs (it waits). Each account signed out must sign in again (prompts in Outlook, Teams, " +
    'OneDrive). Opt-in: it has no default trigger. Runs as the user; needs FullLanguage (WinRT).',
  defaultName: 'wam',
  // WAM accounts belong to the user's logon session. The WinRT calls (Add-Type) need FullLanguage: the
  // compiler reads that from the code (compiler/validate/language-mode.ts), so it is not declared here.
  requirements: { runAs: ['user'], needsUserSession: true },
  options: {
    /**
     * When the sign-out may run: a symptom whose evidence names the failing tenants, e.g.
     * `diagnosis.finds('os')` of `signInDiagnostics()`. Required, because WAM accounts are the normal
     * state of every signed-in user; `onDrift()` is refused, because it carries no evidence.
     */
    trigger: option.triggers({ required: true }),
    /** The app whose accounts are signed out, by its client id. */
    clientId: option.string({
      default: OFFICE_CLIENT_ID,
      pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      patternText: 'is not a client id (a GUID)',
    }),
    /**
     * Exact process names (as Get-Process shows them, without `.exe`) of the app whose accounts these
     * are: while one runs in the user's session, the fix signs nobody out and says it waits. Required
     * with another `clientId`.
     */
    appProcesses: option.stringArray({ defaultText: `the Microsoft 365 desktop apps with the Office client id (${OFFICE_APP_PROCESSES.join(', ')}), else required` }),
    /** List the accounts that would be signed out, without signing out. */
    reportOnly: option.boolean({ default: false }),
    /** How long each Web Account Manager call may take, in seconds. */
    timeoutSeconds: option.number({ min: 1, max: 300, integer: true, default: 30 }),
  },
  config: (props) => ({
    // Work and school accounts: the provider and authority Microsoft's script asks for.
    providerId: 'https://login.microsoft.com',
    authority: 'organizations',
    clientId: props.clientId.toLowerCase(),
    appProcesses: [...(props.appProcesses ?? (props.clientId.toLowerCase() === OFFICE_CLIENT_ID ? OFFICE_APP_PROCESSES : []))],
    reportOnly: props.reportOnly,
    timeoutSeconds: props.timeoutSeconds,
  }),
  validate: (props) => {
    const problems: OptionProblem[] = [];
    const triggers = Array.isArray(props.trigger) ? props.trigger : [props.trigger];
    if (triggers.some((t) => (t as { kind?: unknown } | undefined)?.kind === 'drift')) {
      problems.push({
        option: 'trigger',
        message: 'onDrift() carries no evidence: wamAccountSignOut signs out only the accounts of the tenants its trigger\'s evidence names as failing',
        hint: "Use a symptom that names them, e.g. trigger: diagnosis.finds('os') with diagnosis = signInDiagnostics().",
      });
    }
    if (props.appProcesses === undefined && props.clientId.toLowerCase() !== OFFICE_CLIENT_ID) {
      problems.push({
        option: 'appProcesses',
        message: `another app's client id (${props.clientId}) needs the processes of that app: the sign-out waits while one runs`,
        hint: "e.g. appProcesses: ['ms-teams']",
      });
    }
    for (const name of props.appProcesses ?? []) {
      const problem = processProblem(name);
      if (problem !== undefined) problems.push({ option: 'appProcesses', message: problem, hint: "e.g. appProcesses: ['OUTLOOK']" });
    }
    return problems;
  },
});
