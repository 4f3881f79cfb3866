/**
 * wamAccountSignOut: signs the signed-in user's accounts of one app (by default Office) out of Web
 * Account Manager, the route Microsoft's own Office sign-in reset takes (signoutofwamaccounts.ps1 in
 * SupportArticles-docs, Office/.../reset-office-365-proplus-activation-state.md: "tokens and accounts
 * associated with Office ... Single sign-on (SSO) of other applications will remain untouched, as well
 * as the device state"). New Teams and Microsoft 365 apps on joined or registered devices keep their
 * tokens there, not in Credential Manager.
 */
import { defineTemplate, option } from '../../compiler/template.ts';

/** The Office client id that Microsoft's sign-out script passes to FindAllAccountsAsync. */
export const OFFICE_CLIENT_ID = 'd3590ed6-52b3-4102-aeff-aad2292ab01c';

export const wamAccountSignOut = defineTemplate({
  name: 'wam-account-sign-out',
  factory: 'wamAccountSignOut',
  title: 'WAM account sign-out',
  summary:
    "Signs the user's Web Account Manager accounts of one app (by default Office, which Teams and Microsoft 365 apps share) out when its " +
    'trigger fires, as Microsoft\'s Office sign-in reset does. Opt-in: it has no default trigger. Runs as the user; needs FullLanguage (WinRT).',
  defaultName: 'wam',
  // WAM accounts belong to the user's logon session; the WinRT calls need FullLanguage.
  requirements: { runAs: ['user'], needsUserSession: true, needsFullLanguage: true },
  options: {
    /**
     * When the sign-out may run. Required, because WAM accounts are the normal state of every signed-in
     * user: use a symptom, e.g. `diagnosis.finds('os')`.
     */
    trigger: option.triggers({ required: true }),
    /** The app whose accounts are signed out, by its client id. */
    clientId: option.string({
      default: OFFICE_CLIENT_ID,
      pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
      patternText: 'is not a client id (a GUID)',
    }),
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
    reportOnly: props.reportOnly,
    timeoutSeconds: props.timeoutSeconds,
  }),
});
