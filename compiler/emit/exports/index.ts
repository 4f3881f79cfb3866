/**
 * The exports beside the Intune pair, one folder per tool under the output: what each target makes
 * of one remediation (`exportFiles`, called by remediationArtifacts) and the whole-build files that
 * list every remediation (`catalogFiles`, next to index.json).
 */
import { diagnostic, type Diagnostic } from '../../diagnostics.ts';
import type { CombinedForm } from '../combined.ts';
import type { ScriptKind } from '../../protocol.ts';
import type { RemediationModel } from '../../lower/model.ts';
import type { TargetName } from '../../declare/targets.ts';
import { communityFiles, intuneCdFiles } from './layouts.ts';
import { DATTO_COMPONENT, DATTO_MONITOR, IMMYBOT, NABLE, NABLE_SCRIPT_LIMIT, NINJAONE } from './rmm.ts';
import { tacticalCatalog, tacticalEntry, tacticalFilename, tacticalRestBody, type TacticalScript } from './tactical.ts';

/** Targets that hold the Intune pair itself (besides `intune`). */
export const PAIR_LAYOUTS: readonly TargetName[] = ['intunecd', 'community'];
/** Targets built on the combined script. */
export const COMBINED_TARGETS: readonly TargetName[] = ['combined', 'tactical', 'datto', 'n-able', 'ninjaone', 'immybot'];

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
  readonly diagnostics: Diagnostic[];
}

/** Datto's agent runs a component as UTF-8 with a BOM (qlabs.dev, "playing with datto's cpt files"): the file is written that way, so what is pasted is what runs. */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function exportFiles(model: RemediationModel, ctx: ExportContext): { files: Map<string, Buffer>; catalog: CatalogEntries } {
  const files = new Map<string, Buffer>();
  const catalog: { tactical?: TacticalScript } = {};
  const wants = (target: TargetName) => model.targets.includes(target);
  const where = model.targetsAt;
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
      ctx.diagnostics.push(diagnostic('REMC054', `the n-able script of "${model.id}" is ${script.length} characters; N-able accepts at most ${NABLE_SCRIPT_LIMIT}`, where));
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
      ctx.diagnostics.push(
        diagnostic('REMC055', `"${model.id}" is detect-only, and IntuneCD sends a detection script only when a remediation script sits beside it`, where),
      );
    } else {
      for (const [name, bytes] of intuneCdFiles(model, ctx.payload!, ctx.scripts.detect, ctx.scripts.remediate)) files.set(name, bytes);
    }
  }
  if (wants('community') && ctx.scripts.detect) {
    for (const [name, bytes] of communityFiles(model, ctx.scripts.detect, ctx.scripts.remediate)) files.set(name, bytes);
  }
  return { files, catalog };
}

/** The whole-build files of the targets: Tactical's community_scripts.json. */
export function catalogFiles(catalogs: readonly CatalogEntries[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const tactical = catalogs.map((c) => c.tactical).filter((t): t is TacticalScript => t !== undefined);
  if (tactical.length > 0) files.set('tactical/community_scripts.json', tacticalCatalog(tactical));
  return files;
}
