/** `remc bundle`: the release zip, and a line naming it with its size and sha256. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { hasErrors } from '../diagnostics.ts';
import { bundle } from '../pipeline.ts';
import { SUMS_FILE } from '../write/bundle.ts';
import { signOptions, value, type Args } from './args.ts';
import { countErrors, kb, plural, printDiagnostics, seconds, usageProblem } from './output.ts';

export async function runBundle(root: string, args: Args): Promise<number> {
  const started = performance.now();
  const out = value(args, '--out');
  const sign = signOptions(args);
  if (typeof sign === 'string') return usageProblem(sign);
  const report = await bundle({ root, sign, strictTargets: args.flags.has('--strict-targets'), ...(out !== undefined ? { out } : {}) });
  const shown = path.relative(process.cwd(), report.outFile) || report.outFile;
  if (hasErrors(report.diagnostics) || !report.zip) {
    printDiagnostics(report.diagnostics);
    console.error(`Bundle failed: ${countErrors(report.diagnostics)}; ${shown} was not changed.`);
    return 1;
  }
  printDiagnostics(report.diagnostics.filter((d) => d.severity === 'warning')); // e.g. a skipped target
  const sha256 = createHash('sha256').update(report.zip).digest('hex');
  const what = `${plural(report.remediations.length, 'remediation')} (${plural(report.artifacts.size + 1, 'file')} with ${SUMS_FILE})`;
  console.log(`Bundled ${what} into ${shown} (${kb(report.zip.length)}, sha256 ${sha256}) in ${seconds(started)} s.`);
  return 0;
}
