/**
 * The exports beside the Intune pair, one folder per tool under the output: what each target makes
 * of one remediation (`exportFiles`, called by remediationArtifacts) and the whole-build files that
 * list every remediation (`catalogFiles`, next to index.json).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics.ts';
import type { CombinedForm } from '../combined.ts';
import type { ScriptKind } from '../../protocol.ts';
import type { RemediationModel } from '../../lower/model.ts';
import { targetDefinition, type TargetName } from '../../declare/targets.ts';
import { communityFiles, intuneCdFiles } from './layouts.ts';
import { DATTO_COMPONENT, DATTO_MONITOR, IMMYBOT, NABLE, NABLE_SCRIPT_LIMIT, NINJAONE } from './rmm.ts';
import { tacticalCatalog, tacticalEntry, tacticalFilename, tacticalRestBody, type TacticalScript } from './tactical.ts';

/** Targets that hold the Intune pair itself (besides `intune`). */
export const PAIR_LAYOUTS: readonly TargetName[] = ['intunecd', 'community'];
/** Targets built on the combined script. */
export const COMBINED_TARGETS: readonly TargetName[] = ['combined', 'tactical', 'datto', 'n-able', 'ninjaone', 'immybot'];

/**
 * A target this remediation cannot meet (its script over N-able's limit, a detect-only remediation for
 * IntuneCD, a tool that would run it as another account): reported for the pair, which is not built,
 * while the rest of the build is (an error instead under --strict-targets).
 */
export interface SkippedTarget {
  readonly target: TargetName;
  readonly code: 'REMC054' | 'REMC055' | 'REMC057';
  readonly reason: string;
}

/** Why a tool would run this remediation as another account than its runAs, or undefined when it would not. */
export function accountProblem(model: RemediationModel, target: TargetName): SkippedTarget | undefined {
  const tool = targetDefinition(target);
  if (tool.account === 'declared' || model.runAs === 'system') return undefined;
  if (tool.userContext && model.userContextIn.includes(target)) return undefined;
  const reason = tool.userContext
    ? `"${model.id}" runs as the signed-in user, and ${tool.tool} runs scripts as SYSTEM unless set to the signed-in user (${tool.userContext}), which userContextIn does not name '${target}' for`
    : `"${model.id}" runs as the signed-in user, and ${tool.tool} runs scripts as SYSTEM only`;
  return { target, code: 'REMC057', reason };
}

/** The diagnostic of a skipped pair: a warning naming remediation and target, or an error under --strict-targets. */
export function skippedDiagnostic(model: RemediationModel, skip: SkippedTarget, strict: boolean): Diagnostic {
  const message = `target ${skip.target}: ${skip.reason}${strict ? '' : `; not built for ${skip.target}, the rest is`}`;
  return diagnostic(skip.code, message, model.targetsAt, undefined, strict ? 'error' : 'warning');
}

/** What one remediation adds to the whole-build files. */
export interface CatalogEntries {
  readonly tactical?: TacticalScript;
}

export interface ExportContext {
  /** The Intune pair, when a target needs it. */
  readonly scripts: Partial<Record<ScriptKind, Buffer>>;
  /** The Graph deviceHealthScript body of the pair (IntuneCD keeps it as YAML). */
  readonly payload: Record<string, unknown> | undefined;
  /** The plain combined script, when a target needs it. */
  readonly combined: Buffer | undefined;
  /** Renders and checks the combined script in another form (undefined when it cannot be made: the diagnostics say why). */
  readonly render: (kind: ScriptKind, file: string, form?: CombinedForm) => Buffer | undefined;
}

/** Datto's agent runs a component as UTF-8 with a BOM (qlabs.dev, "playing with datto's cpt files"): the file is written that way, so what is pasted is what runs. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The exports of the targets `model.targets` names (those a tool would run as another account are left out before), and the pairs that could not be built. */
export function exportFiles(model: RemediationModel, ctx: ExportContext): { files: Map<string, Buffer>; catalog: CatalogEntries; skipped: SkippedTarget[] } {
  const files = new Map<string, Buffer>();
  const catalog: { tactical?: TacticalScript } = {};
  const skipped: SkippedTarget[] = [];
  const wants = (target: TargetName) => model.targets.includes(target);
  const form = (target: string, form: CombinedForm): Buffer | undefined => ctx.render('combined', `${target}/${model.id}.ps1`, form);

  if (wants('tactical') && ctx.combined) {
    const entry = tacticalEntry(model);
    files.set(`tactical/scripts/${tacticalFilename(model)}`, ctx.combined);
    files.set(`tactical/api/${model.id}.json`, Buffer.from(`${JSON.stringify(tacticalRestBody(entry, ctx.combined), null, 2)}\n`, 'utf8'));
    catalog.tactical = entry;
  }
  if (wants('datto')) {
    const monitor = form('datto', DATTO_MONITOR);
    const component = form('datto', DATTO_COMPONENT);
    if (monitor) files.set(`datto/${model.id}/monitor.ps1`, Buffer.concat([UTF8_BOM, monitor]));
    if (component) files.set(`datto/${model.id}/component.ps1`, Buffer.concat([UTF8_BOM, component]));
  }
  if (wants('n-able')) {
    const script = form('n-able', NABLE);
    if (script && script.length > NABLE_SCRIPT_LIMIT) {
      skipped.push({ target: 'n-able', code: 'REMC054', reason: `the n-able script of "${model.id}" is ${script.length} characters; N-able accepts at most ${NABLE_SCRIPT_LIMIT}` });
    } else if (script) files.set(`n-able/${model.id}.ps1`, script);
  }
  if (wants('ninjaone')) {
    const script = form('ninjaone', NINJAONE);
    if (script) files.set(`ninjaone/${model.id}.ps1`, script);
  }
  if (wants('immybot')) {
    const script = form('immybot', IMMYBOT);
    if (script) files.set(`immybot/${model.id}.ps1`, script);
  }
  if (wants('intunecd') && ctx.scripts.detect) {
    if (!ctx.scripts.remediate) {
      skipped.push({ target: 'intunecd', code: 'REMC055', reason: `"${model.id}" is detect-only, and IntuneCD sends a detection script only when a remediation script sits beside it` });
    } else {
      for (const [name, bytes] of intuneCdFiles(model, ctx.payload!, ctx.scripts.detect, ctx.scripts.remediate)) files.set(name, bytes);
    }
  }
  if (wants('community') && ctx.scripts.detect) {
    for (const [name, bytes] of communityFiles(model, ctx.scripts.detect, ctx.scripts.remediate)) files.set(name, bytes);
  }
  return { files, catalog, skipped };
}

/** The whole-build files of the targets: Tactical's community_scripts.json. */
export function catalogFiles(catalogs: readonly CatalogEntries[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const tactical = catalogs.map((c) => c.tactical).filter((t): t is TacticalScript => t !== undefined);
  if (tactical.length > 0) files.set('tactical/community_scripts.json', tacticalCatalog(tactical));
  return files;
}
