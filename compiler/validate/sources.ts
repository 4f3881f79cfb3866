/**
 * Where a check's PowerShell comes from, and the rules it is held to there: a template's folder must
 * exist, match its spec (REMC022, REMC024), not take a built-in template's name (REMC034) and hold
 * only top-level functions in its files (REMC032); a custom check's files must exist and define one
 * entry function each (REMC026; compiler/validate/layout.ts). What is found is the source the model
 * carries.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SourceLocation } from '../diagnostics.ts';
import type { CustomCheckFiles } from '../declare/custom.ts';
import type { TemplateSpec } from '../declare/template.ts';
import { toPosix } from '../load/declaration.ts';
import { projectTemplates, shadowingTemplates, type TemplateFolder } from '../load/registry.ts';
import type { CheckSource } from './check-source.ts';
import { customFileProblems, templateFileProblem } from './layout.ts';
import type { Report } from './problems.ts';

/** The template folders a project's checks may name, and its own that clash with a built-in name. */
export interface SourceContext {
  readonly root: string;
  readonly templates: ReadonlyMap<string, TemplateFolder>;
  readonly shadowing: ReadonlySet<string>;
}

export function sourceContext(root: string): SourceContext {
  return { root, templates: projectTemplates(root), shadowing: new Set(shadowingTemplates(root).map((t) => t.name)) };
}

type Where = (p?: readonly (string | number)[]) => SourceLocation;

/** A template check's PowerShell: its folder, which must match the spec (probe.ps1; fix.ps1 exactly when it has a trigger option). */
export function templateSource(spec: TemplateSpec, where: Where, report: Report, ctx: SourceContext): CheckSource | undefined {
  const folder = ctx.templates.get(spec.name);
  if (!folder) {
    report('REMC022', `${spec.factory}() names the template "${spec.name}", but no folder templates/${spec.name}/ holds it`, where());
    return undefined;
  }
  const origin = folder.origin === 'builtin' ? `templates/${spec.name}` : toPosix(path.relative(ctx.root, folder.dir));
  // A project's folder with a built-in template's name is never used in its place (REMC034).
  const shadowed = ctx.shadowing.has(spec.name);
  if (shadowed) report('REMC034', `the project's templates/${spec.name}/ has the name of a built-in template; rename the folder and its spec's name`, where());
  const problems: string[] = [];
  if (!folder.probe) problems.push(`${origin}/probe.ps1 is missing`);
  const canFix = spec.options['trigger'] !== undefined;
  if (folder.fix && !canFix) problems.push(`${origin}/fix.ps1 exists, but ${spec.factory}'s spec declares no trigger option`);
  if (!folder.fix && canFix) problems.push(`${spec.factory}'s spec declares a trigger option, but ${origin}/fix.ps1 is missing`);
  for (const p of problems) report('REMC024', p, where());
  if (shadowed) return undefined;
  // Its files hold only top-level functions (REMC032), each reported at the function that breaks that.
  let broken = false;
  for (const file of [folder.seam, folder.probe, folder.fix]) {
    const problem = file && templateFileProblem(file, `${origin}/${path.basename(file)}`);
    if (!problem) continue;
    report('REMC032', problem.message, problem.location, undefined, [{ message: `${spec.factory}() uses ${origin}/`, location: where() }]);
    broken = true;
  }
  if (broken || problems.length > 0) return undefined;
  return {
    kind: 'template',
    name: spec.name,
    title: spec.title,
    origin,
    builtin: folder.origin === 'builtin',
    probe: folder.probe!,
    fix: folder.fix,
    seam: folder.seam,
    native: folder.native,
    fakes: folder.fakes,
  };
}

/** A custom check's PowerShell: the files it names, relative to the file that declared it. */
export function customSource(files: CustomCheckFiles, name: string, where: Where, report: Report, ctx: SourceContext): CheckSource | undefined {
  const declaredIn = where().file;
  const resolve = (key: 'probe' | 'fix' | 'fakes'): string | undefined => {
    const given = files[key];
    if (given === undefined) return undefined;
    const file = path.resolve(ctx.root, path.dirname(declaredIn), given);
    if (!existsSync(file)) {
      report('REMC026', `customCheck({ ${key} }): ${toPosix(path.relative(ctx.root, file))} does not exist`, where([key]));
      return undefined;
    }
    return file;
  };
  const probe = resolve('probe');
  const fix = resolve('fix');
  const fakes = resolve('fakes');
  if (!probe || (files.fix !== undefined && !fix) || (files.fakes !== undefined && !fakes)) return undefined;
  let broken = false;
  for (const [file, verb] of [[probe, 'Test'], [fix, 'Repair']] as const) {
    if (!file) continue;
    const origin = toPosix(path.relative(ctx.root, file));
    for (const p of customFileProblems(file, origin, verb)) {
      report('REMC026', p.message, p.location);
      broken = true;
    }
  }
  if (broken) return undefined;
  return {
    kind: 'custom',
    name,
    title: `custom check ${name}`,
    origin: toPosix(path.relative(ctx.root, probe)),
    builtin: false,
    probe,
    fix,
    seam: undefined,
    native: undefined,
    fakes,
  };
}
