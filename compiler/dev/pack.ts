/**
 * `npm pack` (prepack/postpack): the published package starts its command line from one prebuilt
 * module, lib/cli.mjs (compiler/cli/main.ts and everything it imports, bundled by esbuild), so `remc`
 * compiles nothing when it starts. The repository itself has no lib/: there bin/remc.mjs runs the
 * sources through the TypeScript hook, and postpack removes the bundle again so it never goes stale.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { REMC_ROOT } from '../paths.ts';

export const CLI_BUNDLE = path.join(REMC_ROOT, 'lib', 'cli.mjs');

export async function bundleCli(outfile = CLI_BUNDLE): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(REMC_ROOT, 'compiler', 'cli', 'main.ts')],
    absWorkingDir: REMC_ROOT,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The dependencies stay in node_modules; only remc's own modules are joined.
    packages: 'external',
    outfile,
    legalComments: 'none',
    logLevel: 'warning',
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--clean')) rmSync(path.dirname(CLI_BUNDLE), { recursive: true, force: true });
  else await bundleCli();
}
