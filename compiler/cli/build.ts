/**
 * `remc build` (and `--check`, and `--watch`), `remc check` and `remc list`: the pipeline, a line per
 * remediation and a summary; exit 0 on success, 1 on any error.
 */
import path from 'node:path';
import { build, check, compile } from '../pipeline.ts';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics.ts';
import { unknownTarget } from '../validate/targets.ts';
import type { TargetName } from '../declare/targets.ts';
import { signOptions, value, type Args } from './args.ts';
import { countErrors, describe, kb, plural, printDiagnostics, seconds, usageProblem } from './output.ts';
import { watch } from './watch.ts';

/** `--target intune,tactical`: the names, or the diagnostics of the unknown ones. */
function parseTargets(text: string): TargetName[] | Diagnostic[] {
  const names = text.split(',').map((n) => n.trim()).filter(Boolean);
  const problems = names.map(unknownTarget).filter((p): p is string => p !== undefined);
  if (names.length === 0) return [diagnostic('REMC053', `--target needs at least one target name, got '${text}'`)];
  return problems.length > 0 ? problems.map((p) => diagnostic('REMC053', `--target: ${p}`)) : (names as TargetName[]);
}

export async function runBuild(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = value(args, '--out') ?? 'dist';
  const checking = args.flags.has('--check');
  const sign = signOptions(args);
  if (typeof sign === 'string') return usageProblem(sign);
  const targetFlag = value(args, '--target');
  const targets = targetFlag === undefined ? undefined : parseTargets(targetFlag);
  if (targets && targets.some((t) => typeof t !== 'string')) {
    printDiagnostics(targets as Diagnostic[]);
    console.error('Build failed: unknown target; nothing was written.');
    return 1;
  }
  const chosen = targets ? { targets: targets as TargetName[] } : {};
  const strictTargets = args.flags.has('--strict-targets');
  if (args.flags.has('--watch')) {
    if (checking) return usageProblem('--watch and --check do not go together');
    if (sign) return usageProblem('--watch builds unsigned; sign with remc build or remc bundle');
    if (strictTargets) return usageProblem('--watch reports a target a remediation cannot meet as a warning; use --strict-targets with remc build or remc check');
    await watch({ root, outDir: path.resolve(root, out), log: (line) => console.log(line), ...chosen });
    return new Promise<number>(() => {}); // runs until interrupted
  }
  const report = await build({ root, out, check: checking, sign, strictTargets, ...chosen });
  const shownOut = path.relative(process.cwd(), report.outDir) || '.';
  if (hasErrors(report.diagnostics)) {
    printDiagnostics(report.diagnostics);
    console.error(checking && report.drift ? `Check failed: ${shownOut}/ is not what remc build would write.` : `Build failed: ${countErrors(report.diagnostics)}; ${shownOut}/ was not changed.`);
    return 1;
  }
  printDiagnostics(report.diagnostics.filter((d) => d.severity === 'warning')); // e.g. an unused `# remc-allow REMC023`, a skipped target
  for (const model of report.remediations) {
    const sizes = ['detect.ps1', 'remediate.ps1']
      .map((f) => [f, report.sizes.get(`${model.id}/${f}`)] as const)
      .filter(([, bytes]) => bytes !== undefined)
      .map(([f, bytes]) => `${f} ${kb(bytes!)}`);
    console.log(`  ${model.id.padEnd(32)} ${describe(model).padEnd(34)} ${sizes.join(', ')}`);
  }
  const what = `${plural(report.remediations.length, 'remediation')} (${plural(report.sizes.size, 'file')})`;
  if (checking) console.log(`${shownOut}/ is up to date: ${what}, checked in ${seconds(started)} s.`);
  else console.log(`Built ${what} into ${shownOut}/ in ${seconds(started)} s${report.written ? '' : '; nothing changed'}.`);
  return 0;
}

export async function runCheck(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const checked = await check(root, { strictTargets: args.flags.has('--strict-targets') });
  if (hasErrors(checked.diagnostics)) {
    printDiagnostics(checked.diagnostics);
    console.error(`Check failed: ${countErrors(checked.diagnostics)}.`);
    return 1;
  }
  printDiagnostics(checked.diagnostics.filter((d) => d.severity === 'warning')); // e.g. an unused `# remc-allow REMC023`
  for (const model of checked.remediations) console.log(`  ${model.id.padEnd(32)} ok`);
  console.log(`Checked ${plural(checked.remediations.length, 'remediation')} (types and rules) in ${seconds(started)} s.`);
  return 0;
}

export async function runList(root: string): Promise<number> {
  const compiled = await compile(root);
  if (hasErrors(compiled.diagnostics)) {
    printDiagnostics(compiled.diagnostics);
    console.error(`List failed: ${countErrors(compiled.diagnostics)}.`);
    return 1;
  }
  for (const model of compiled.remediations) {
    console.log(`${model.id}\t${describe(model)}\t${model.checks.map((c) => `${c.name}:${c.source.name}`).join(' ')}\t${model.source.file}`);
  }
  return 0;
}
