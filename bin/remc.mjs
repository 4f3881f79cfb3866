#!/usr/bin/env node
// remc's command line. remc is written in TypeScript and runs from its sources: a module hook
// compiles each .ts file with esbuild as Node loads it (no build step, no stale output).
import { register } from 'node:module';

register('./ts-hook.mjs', import.meta.url);
const { main } = await import('../compiler/cli.ts');
process.exitCode = await main(process.argv.slice(2));
