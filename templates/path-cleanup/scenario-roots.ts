/**
 * The folders a path-cleanup check cleans in a scenario's simulated machine, recomputed from its
 * `$Config` and the fakes' state as the probe computes them (probe.ps1: Get-RemcPathCleanupScope,
 * Expand-RemcPathCleanupScopePath): the declared paths for the running account, or with `ForEachUser`
 * for each real profile of the fakes' ProfileList, known folders from each user's shell folders.
 */
import type { CheckInfo, FakeState } from '../../compiler/declare/scenario-spec.ts';

/** One ProfileList entry as the fakes' state holds it (fakes-profiles.ps1). */
export interface ProfileEntry {
  readonly Sid: string;
  readonly ProfileImagePath: string;
  readonly State: number | null;
  readonly Loaded: boolean;
  readonly ShellFolders: Readonly<Record<string, string>>;
}

interface KnownFolder {
  readonly Name: string;
  readonly Value: string;
  readonly Fallback: string;
}

export function list(config: Readonly<Record<string, unknown>>, key: string): string[] {
  const value = config[key];
  return (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]).map(String);
}

/** %NAME% from the fakes' environment, as Environment.ExpandEnvironmentVariables does (case-insensitive). */
export function expand(text: string, state: FakeState): string {
  const env = (state['PathCleanupEnvironment'] ?? {}) as Record<string, string>;
  return text.replace(/%([^%]+)%/g, (whole, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? whole : String(env[key]);
  });
}

export function profilesOf(state: FakeState): ProfileEntry[] {
  const value = state['PathCleanupProfiles'];
  return Array.isArray(value) ? (value as ProfileEntry[]) : value ? [value as ProfileEntry] : [];
}

/** A person's profile (the probe's Test-RemcPathCleanupRealProfile). */
export function isRealProfile(p: ProfileEntry, state: FakeState): boolean {
  const path = expand(p.ProfileImagePath, state).replace(/\\+$/, '');
  const leaf = path.slice(path.lastIndexOf('\\') + 1).toLowerCase();
  return /^S-1-(5-21|12-1)(-\d+)+$/i.test(p.Sid) && ((p.State ?? 0) & 0x800) === 0 && leaf !== 'temp' && !leaf.startsWith('temp.');
}

function knownOf(check: CheckInfo): KnownFolder[] {
  const value = check.config['KnownFolders'];
  return (Array.isArray(value) ? value : value ? [value] : []) as KnownFolder[];
}

/** Where one user's shell keeps a known folder: its value (read from the running account, mapped back), else its default place. */
function folderOf(known: KnownFolder, profile: string, shell: Readonly<Record<string, string>> | undefined, state: FakeState): string {
  const raw = shell?.[known.Value];
  if (raw === undefined) return `${profile}\\${known.Fallback}`;
  const own = expand('%USERPROFILE%', state);
  const value = expand(raw, state).replace(/\\+$/, '');
  return value.toLowerCase() === own.toLowerCase() || value.toLowerCase().startsWith(`${own.toLowerCase()}\\`) ? profile + value.slice(own.length) : value;
}

/** Each scope's folders by name (UserProfile, AppData, LocalAppData, Desktop...), and whose they are. */
function scopesOf(check: CheckInfo, state: FakeState): { user: string; folders: Record<string, string> }[] {
  const known = knownOf(check);
  if (check.config['ForEachUser'] !== true) {
    const own = expand('%USERPROFILE%', state);
    const mine = profilesOf(state).find((p) => expand(p.ProfileImagePath, state) === own);
    // HKCU of an account the fakes list no profile for holds Windows' defaults: the fallbacks.
    const folders = Object.fromEntries(known.map((k) => [k.Name, folderOf(k, own, mine?.ShellFolders, state)]));
    return [{ user: '', folders }];
  }
  return profilesOf(state)
    .filter((p) => isRealProfile(p, state))
    .map((p) => {
      const profile = expand(p.ProfileImagePath, state).replace(/\\+$/, '');
      const folders: Record<string, string> = { UserProfile: profile };
      for (const k of known) folders[k.Name] = folderOf(k, profile, p.Loaded ? p.ShellFolders : undefined, state);
      return { user: profile.slice(profile.lastIndexOf('\\') + 1), folders };
    });
}

/** The folders (or files) a check cleans in this state, each with the user it belongs to ('' for the running account). */
export function rootsOf(check: CheckInfo, state: FakeState): { path: string; user: string }[] {
  const out: { path: string; user: string }[] = [];
  for (const scope of scopesOf(check, state)) {
    for (const declared of list(check.config, 'Paths')) {
      let text = declared;
      const token = /^\{([A-Za-z]+)\}/.exec(text);
      if (token) text = (scope.folders[token[1]!] ?? text.slice(0, token[0].length)) + text.slice(token[0].length);
      else if (scope.user !== '') {
        for (const [variable, name] of [['%USERPROFILE%', 'UserProfile'], ['%APPDATA%', 'AppData'], ['%LOCALAPPDATA%', 'LocalAppData']] as const) {
          if (text.toUpperCase().startsWith(variable) && scope.folders[name] !== undefined) {
            text = scope.folders[name] + text.slice(variable.length);
            break;
          }
        }
      }
      out.push({ path: expand(text, state).replace(/\\+$/, ''), user: scope.user });
    }
  }
  return out;
}
