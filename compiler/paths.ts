import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of remc's own package.json. Found by walking up from this module, because the CLI runs
 * from its bundle (lib/cli.mjs) in a packed remc while a checkout and the tests run the sources.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'remc') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('remc: cannot find its own package.json');
    dir = parent;
  }
}

export const REMC_ROOT = findRoot();

export const REMC_VERSION = (JSON.parse(readFileSync(path.join(REMC_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
