#!/usr/bin/env node
// Runs one of remc's TypeScript entry points (the benchmark) from source, like bin/remc.mjs does.
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

register('./ts-hook.mjs', import.meta.url);
const [file, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(path.resolve(file)).href);
