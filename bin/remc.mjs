#!/usr/bin/env node
// remc's command line. remc is written in TypeScript. The published package runs lib/cli.mjs, bundled
// when it was packed (compiler/dev/pack.ts); a checkout of the repository runs its sources, which a module
// hook compiles with esbuild as Node loads them (no build step, no stale output).
import { existsSync } from 'node:fs';
import { register } from 'node:module';

const bundle = new URL('../lib/cli.mjs', import.meta.url);
let cli;
if (existsSync(bundle)) cli = await import(bundle.href);
else {
  register('./ts-hook.mjs', import.meta.url);
  cli = await import('../compiler/cli/main.ts');
}
process.exitCode = await cli.main(process.argv.slice(2));
