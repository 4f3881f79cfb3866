/**
 * The literal encoder fuzzed against real PowerShell. The default run checks a fast subset;
 * `npm run fuzz` (part of `npm test`, so CI runs it) checks REMC_FUZZ_STRINGS strings (100,000).
 */
import * as fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { canonicalHash, fuzzString, literalsFor, LiteralEvaluator } from './fuzz/literal-fuzz.ts';
import { describePowerShell, toolchain } from './support/powershell.ts';

const STRINGS = Number(process.env['REMC_FUZZ_STRINGS'] ?? 3000);
const SEED = Number(process.env['REMC_FUZZ_SEED'] ?? 20261125);
const BATCH = 6000;

describePowerShell('literal encoder fuzzed against PowerShell', () => {
  const evaluator = toolchain ? new LiteralEvaluator(toolchain) : undefined;
  afterAll(() => evaluator?.close());

  it(`round-trips ${STRINGS} generated strings in every literal form, running no command`, { timeout: 30 * 60_000 }, async () => {
    const strings = fc.sample(fuzzString, { numRuns: STRINGS, seed: SEED });
    const literals = literalsFor(strings);
    const mismatches: string[] = [];
    for (let start = 0; start < literals.length; start += BATCH) {
      const batch = literals.slice(start, start + BATCH);
      const results = await evaluator!.evaluate(batch.map((l) => l.text));
      results.forEach((r, i) => {
        const literal = batch[i]!;
        if (r.violation) mismatches.push(`${literal.form} ${JSON.stringify(literal.value).slice(0, 200)}: ${r.violation}`);
        else if (r.hash !== canonicalHash(literal.value)) mismatches.push(`${literal.form} ${JSON.stringify(literal.value).slice(0, 200)}: value differs`);
      });
    }
    const chars = strings.reduce((n, s) => n + s.length, 0);
    console.log(`literal fuzz: ${strings.length} strings (${chars} characters, seed ${SEED}) in ${literals.length} literals checked against PowerShell; ${mismatches.length} mismatches`);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });

  it('would notice an encoder that lets code through or changes a value', async () => {
    const results = await evaluator!.evaluate([
      "'a' + (Get-Date)",
      '"x$(whoami)"',
      "[ordered]@{ A = $env:PATH }",
      "'it''s'",
      "[System.IO.File]::ReadAllText('x')",
    ]);
    expect(results.map((r) => r.violation ?? 'ok')).toEqual([
      'CommandAst is not a literal',
      'ExpandableStringExpressionAst is not a literal',
      'variable $env:PATH',
      'ok',
      'InvokeMemberExpressionAst is not a literal',
    ]);
    expect(results[3]!.hash).not.toBe(canonicalHash("its"));
    expect(results[3]!.hash).toBe(canonicalHash("it's"));
  });
});
