/**
 * Bad declarations and the exact diagnostics they produce. Each folder under test/fixtures/ is a
 * project; its expected.txt holds the formatted diagnostics (UPDATE_GOLDEN=1 rewrites them).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler/build.ts';
import { formatDiagnostic } from '../compiler/diagnostics.ts';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const projects = readdirSync(fixtures).filter((name) => existsSync(path.join(fixtures, name, 'remediations')));

describe('bad declarations', () => {
  it('has a corpus', () => {
    expect(projects.length).toBeGreaterThanOrEqual(12);
  });

  it.each(projects)('%s', async (name) => {
    const root = path.join(fixtures, name);
    const result = await compile(root);
    expect(result.artifacts.size).toBe(0);
    const text = result.diagnostics.map(formatDiagnostic).join('\n\n') + '\n';
    const expectedFile = path.join(root, 'expected.txt');
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(expectedFile)) writeFileSync(expectedFile, text);
    expect(text).toBe(readFileSync(expectedFile, 'utf8'));
  });
});
