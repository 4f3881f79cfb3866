/**
 * credentialPurge: removes stale Teams / Office tokens from the signed-in user's Windows Credential
 * Manager through the Win32 credential API (CredEnumerateW / CredDeleteW), never by parsing the
 * localized text of `cmdkey`.
 */
import type { Check, Trigger } from '../../compiler/api.ts';
import { createCheck, NO_REQUIREMENTS, option, type TemplateSpec } from '../../compiler/template.ts';

/** Generic credentials that hold Teams classic and Office ADAL tokens. */
export const DEFAULT_CREDENTIAL_TARGETS: readonly string[] = ['msteams_adalsso/*', 'MicrosoftOffice1?_Data:ADAL*'];

/**
 * Account and device single sign-on, and OneDrive: deleting these signs the user out of Windows-level
 * SSO or OneDrive, so they are never touched unless a target names them explicitly.
 */
export const PROTECTED_CREDENTIAL_TARGETS: readonly string[] = [
  'MicrosoftAccount:*',
  'WindowsLive:*',
  'OneDrive Cached Credential*',
  'Microsoft_OneDrive_Cookies*',
];

/** CRED_TYPE_GENERIC: the type Teams and Office use for their tokens. */
const CRED_TYPE_GENERIC = 1;

export interface CredentialPurgeProps {
  /**
   * When the purge may run. Required, because tokens in Credential Manager are the normal state of
   * every signed-in Office user: purging whenever they exist would sign the whole fleet out on every
   * schedule. Use a symptom, e.g. `diagnosis.finds('os')`.
   */
  readonly trigger: Trigger | readonly Trigger[];
  /**
   * Name of the check in summaries and triggers.
   * @default 'credentials'
   */
  readonly name?: string;
  /**
   * Wildcard patterns (PowerShell `-like`, case-insensitive) matched against credential target names.
   * @default ['msteams_adalsso/*', 'MicrosoftOffice1?_Data:ADAL*']
   */
  readonly targets?: readonly string[];
  /**
   * Patterns of targets that are never removed, even when a target pattern matches them.
   * @default []
   */
  readonly exclude?: readonly string[];
  /**
   * List what would be removed without removing anything.
   * @default false
   */
  readonly reportOnly?: boolean;
  /**
   * Processes stopped before the purge, so they do not write the tokens back (e.g. `['Teams', 'ms-teams']`).
   * @default []
   */
  readonly stopProcesses?: readonly string[];
}

/** The part of a wildcard pattern before its first wildcard character. */
function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?[]/);
  return (i < 0 ? pattern : pattern.slice(0, i)).toLowerCase();
}

/**
 * Protected patterns that no target names explicitly. A target names a protected pattern when its
 * literal prefix starts with the protected one's (so `MicrosoftAccount:target=SSO_POP_User*` names
 * `MicrosoftAccount:*`, while `*` or `Microsoft*` name nothing).
 */
export function stillProtected(targets: readonly string[]): string[] {
  return PROTECTED_CREDENTIAL_TARGETS.filter((p) => {
    const prefix = literalPrefix(p);
    return !targets.some((t) => literalPrefix(t).startsWith(prefix));
  });
}

export const credentialPurgeTemplate: TemplateSpec<CredentialPurgeProps> = {
  name: 'credential-purge',
  factory: 'credentialPurge',
  title: 'Credential purge',
  defaultName: 'credentials',
  requirements: { ...NO_REQUIREMENTS, runAs: ['user'], needsUserSession: true, needsFullLanguage: true },
  detectOnly: false,
  defaultTriggers: [],
  options: {
    trigger: option.triggers({ required: true }),
    name: option.string(),
    targets: option.stringArray({ nonEmpty: true }),
    exclude: option.stringArray(),
    reportOnly: option.boolean(),
    stopProcesses: option.stringArray(),
  },
  lower(props) {
    const targets = props.targets ?? DEFAULT_CREDENTIAL_TARGETS;
    return {
      Targets: [...targets],
      Exclude: [...(props.exclude ?? [])],
      Protected: stillProtected(targets),
      Types: [CRED_TYPE_GENERIC],
      ReportOnly: props.reportOnly ?? false,
      StopProcesses: [...(props.stopProcesses ?? [])],
    };
  },
};

/** A host this template accepts: the signed-in user, either bitness. */
export type CredentialPurgeHost = { readonly runAs: 'user'; readonly is64Bit: boolean };

/**
 * Removes matching generic credentials from the signed-in user's Credential Manager when `trigger`
 * fires. Runs as the user only (the credential set belongs to the logon session).
 */
export function credentialPurge(props: CredentialPurgeProps): Check<CredentialPurgeHost> {
  return createCheck(credentialPurgeTemplate, props);
}

