/**
 * credentialPurge: removes stale Teams / Office tokens from the signed-in user's Windows Credential
 * Manager through the Win32 credential API (CredEnumerateW / CredDeleteW), never by parsing the
 * localized text of `cmdkey`.
 */
import { defineTemplate, option } from '../../compiler/declare/template.ts';

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

/**
 * The CredEnumerateW filters ('prefix*', the API's only form) that cover every target, so the probe
 * reads only those entries and never the user's whole credential set (enumerating it all is what
 * credential-theft tools do, and what EDR products watch for). A target that starts with a wildcard
 * has no prefix: then the whole set is read ([]).
 */
export function enumerationFilters(targets: readonly string[]): string[] {
  const prefixes = targets.map((t) => {
    const i = t.search(/[*?[]/);
    return i < 0 ? t : t.slice(0, i);
  });
  if (prefixes.some((p) => p === '')) return [];
  // A prefix that another one starts with adds nothing.
  const kept = prefixes.filter((p, i) => !prefixes.some((q, j) => j !== i && p.toLowerCase().startsWith(q.toLowerCase()) && (q.length < p.length || j < i)));
  return [...new Set(kept.map((p) => `${p}*`))].sort();
}

export const credentialPurge = defineTemplate({
  title: 'Credential purge',
  summary:
    "Removes matching generic credentials from the signed-in user's Credential Manager when its trigger fires. " +
    'Runs as the user only (the credential set belongs to the logon session).',
  defaultName: 'credentials',
  // The credential set belongs to the logon session. Its Add-Type of native.cs needs FullLanguage: the
  // compiler reads that from the code (compiler/validate/language-mode.ts), so it is not declared here.
  requirements: { runAs: ['user'], needsUserSession: true },
  options: {
    /**
     * When the purge may run. Required, because tokens in Credential Manager are the normal state of
     * every signed-in Office user: purging whenever they exist would sign the whole fleet out on every
     * schedule. Use a symptom, e.g. `diagnosis.finds('os')`.
     */
    trigger: option.triggers({ required: true }),
    /** Wildcard patterns (PowerShell `-like`, case-insensitive) matched against credential target names. */
    targets: option.stringArray({ nonEmpty: true, default: DEFAULT_CREDENTIAL_TARGETS }),
    /** Patterns of targets that are never removed, even when a target pattern matches them. */
    exclude: option.stringArray({ default: [] }),
    /** List what would be removed without removing anything. */
    reportOnly: option.boolean({ default: false }),
    /** Processes stopped before the purge, so they do not write the tokens back (e.g. `['Teams', 'ms-teams']`). */
    stopProcesses: option.stringArray({ default: [] }),
  },
  config: (props) => ({
    targets: [...props.targets],
    exclude: [...props.exclude],
    protected: stillProtected(props.targets),
    types: [CRED_TYPE_GENERIC],
    enumerateFilters: enumerationFilters(props.targets),
    reportOnly: props.reportOnly,
    stopProcesses: [...props.stopProcesses],
  }),
});
