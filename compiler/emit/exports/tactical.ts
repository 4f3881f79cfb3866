/**
 * Tactical RMM: the combined script as a community-script import (`community_scripts.json` plus
 * `scripts/<filename>`) and as bodies for its REST API (`POST /scripts/`, `api/<id>.json`), which is
 * where a private library belongs: the server's loader deletes built-in scripts that its JSON does not
 * list. Fields as amidaware/community-scripts documents them (community_scripts.schema.json) and as
 * its CI checks them (tests.py: no spaces in file names, the shell matches the extension, a
 * default_timeout that casts to int, unique guids, every file listed); the REST fields as
 * amidaware/tacticalrmm scripts/serializers.py takes them. The script body never holds `{{`...`}}`,
 * which Tactical replaces with a snippet: the printer refuses it and the literal encoder splits it.
 */
import { pascalCase } from '../names.ts';
import type { RemediationModel } from '../../lower/model.ts';
import { remediationGuid } from './ids.ts';

/**
 * Seconds before Tactical stops the script. Its default, 90, is shorter than a fix with bounded waits
 * (stopping an app, re-registering a package) may take; Intune gives a script up to an hour.
 */
export const TACTICAL_TIMEOUT_SECONDS = 600;

/** One entry of community_scripts.json (its documented fields; see tactical-community-scripts.schema.json). */
export interface TacticalScript {
  readonly guid: string;
  readonly filename: string;
  readonly submittedBy: string;
  readonly name: string;
  readonly description: string;
  readonly syntax: string;
  readonly args: readonly string[];
  readonly default_timeout: number;
  readonly shell: 'powershell';
  readonly supported_platforms: readonly ['windows'];
  readonly category: string;
  readonly run_as_user: boolean;
}

const CATEGORY = 'remc';

/** `Win_Remc_TeamsSignin50058.ps1`: the community naming (Win_Category_Action), no spaces. */
export function tacticalFilename(model: RemediationModel): string {
  return `Win_Remc_${pascalCase(model.id)}.ps1`;
}

/**
 * The marker at the end of a script's description: Tactical's REST API keeps no guid for a script it
 * did not load from community_scripts.json, so `remc tactical` finds the script of a remediation by it.
 */
export function tacticalMarker(guid: string): string {
  return `remc-guid:${guid}`;
}

export function tacticalEntry(model: RemediationModel): TacticalScript {
  const guid = remediationGuid(model.id);
  return {
    guid,
    filename: tacticalFilename(model),
    submittedBy: model.publisher,
    name: model.displayName,
    description: `${model.description} (remc ${model.id} ${model.version}; as a script check pass -Mode detect: exit 0 compliant, 1 fix due.) ${tacticalMarker(guid)}`,
    syntax: '[-Mode detect|remediate|both]',
    args: [],
    default_timeout: TACTICAL_TIMEOUT_SECONDS,
    shell: 'powershell',
    supported_platforms: ['windows'],
    category: CATEGORY,
    // The signed-in user's token only where the declaration opts in (userContextIn); a user remediation
    // without it is not exported to Tactical (REMC057), and the script refuses SYSTEM whatever is set.
    run_as_user: model.runAs === 'user' && model.userContextIn.includes('tactical'),
  };
}

/** The body of `POST /scripts/` (and `PUT /scripts/<pk>/`) for this remediation. */
export function tacticalRestBody(entry: TacticalScript, script: Buffer): Record<string, unknown> {
  return {
    name: entry.name,
    description: entry.description,
    shell: entry.shell,
    args: entry.args,
    category: entry.category,
    script_body: script.toString('ascii'),
    default_timeout: entry.default_timeout,
    syntax: entry.syntax,
    filename: entry.filename,
    supported_platforms: entry.supported_platforms,
    run_as_user: entry.run_as_user,
    env_vars: [],
  };
}

/** community_scripts.json: every entry, by file name, four-space indented as the community repository keeps it. */
export function tacticalCatalog(entries: readonly TacticalScript[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0));
  return Buffer.from(`${JSON.stringify(sorted, null, 4)}\n`, 'utf8');
}
