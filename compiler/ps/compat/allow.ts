/**
 * `# remc-allow REMC023: <reason>`: a line's command and parameter findings, accepted on purpose. The
 * comment sits after the code of the line it accepts, or alone on the line above it; the check reports
 * each one it used, so the README can list them, and each one that is wrong or accepts nothing.
 */
import type { Token } from '../tokens.ts';
import type { CompatProblem } from './rule.ts';

/** A `# remc-allow REMC023: <reason>` comment of the script. */
export interface Allowance {
  /** Where the comment is. */
  readonly line: number;
  readonly column: number;
  /** The line whose findings it accepts: its own when code precedes it there, else the next one. */
  readonly target: number;
  readonly reason: string;
  /** The findings it accepted; none when it is unused. */
  readonly accepted: readonly CompatProblem[];
  /** Why it accepted nothing (only when `accepted` is empty). */
  readonly unused?: string;
}

/** The one code a comment can allow: the 5.1 check's. */
export const ALLOW_CODE = 'REMC023';
const ALLOW = /^#\s*remc-allow\b(.*)$/i;
const PARTS = /^\s+(REMC\d+)\b\s*(?::(.*))?$/i;

/**
 * The same reading as two patterns (case-insensitive) for PowerShell's -match, for the templates'
 * Pester rules: a `# remc-allow` comment, and one that {@link allowComments} takes as valid.
 */
export const ALLOW_PATTERNS = {
  comment: '^#\\s*remc-allow\\b',
  valid: `^#\\s*remc-allow\\s+${ALLOW_CODE}\\b\\s*:.*\\S`,
} as const;

/** The `# remc-allow` comments of the script (`all`: its tokens with the nested code spliced in): valid ones, and the problems of the others. */
export function allowComments(all: readonly Token[]): { allowances: Array<Omit<Allowance, 'accepted'>>; problems: CompatProblem[] } {
  const codeStarts = new Map<number, number>(); // line -> the column of its first code token
  for (const t of all) {
    if (t.kind === 'comment' || t.kind === 'newline') continue;
    const first = codeStarts.get(t.line);
    if (first === undefined || t.column < first) codeStarts.set(t.line, t.column);
  }
  const allowances: Array<Omit<Allowance, 'accepted'>> = [];
  const problems: CompatProblem[] = [];
  for (const t of all) {
    const comment = t.kind === 'comment' ? ALLOW.exec(t.text) : null;
    if (!comment) continue;
    const wrong = (message: string) => problems.push({ line: t.line, column: t.column, rule: 'suppression', message });
    const parts = PARTS.exec(comment[1]!);
    if (!parts) {
      wrong(`\`# remc-allow\` names no code: write \`# remc-allow ${ALLOW_CODE}: <reason>\` on the line, or on the line above`);
    } else if (parts[1]!.toUpperCase() !== ALLOW_CODE) {
      wrong(`\`# remc-allow ${parts[1]}\`: only ${ALLOW_CODE} (Windows PowerShell 5.1) can be allowed by a comment`);
    } else if ((parts[2] ?? '').trim() === '') {
      wrong(`\`# remc-allow ${ALLOW_CODE}\` gives no reason: write why Windows PowerShell 5.1 runs this line after the colon (\`# remc-allow ${ALLOW_CODE}: <reason>\`)`);
    } else {
      const trailing = (codeStarts.get(t.line) ?? Infinity) < t.column;
      allowances.push({ line: t.line, column: t.column, target: trailing ? t.line : t.line + 1, reason: parts[2]!.trim() });
    }
  }
  return { allowances, problems };
}

/**
 * Each valid comment with the findings of its target line it accepts (commands and parameters; never
 * syntax: 5.1 could not parse the file at all), or why it accepts nothing; and the set accepted.
 */
export function applyAllowances(
  found: readonly CompatProblem[],
  comments: ReadonlyArray<Omit<Allowance, 'accepted'>>,
): { allowances: Allowance[]; accepted: ReadonlySet<CompatProblem> } {
  const accepted = new Set<CompatProblem>();
  const allowances = comments.map((a): Allowance => {
    const onTarget = found.filter((p) => p.line === a.target);
    const mine = onTarget.filter((p) => p.rule !== 'syntax');
    for (const p of mine) accepted.add(p);
    if (mine.length > 0) return { ...a, accepted: mine };
    const which = a.target === a.line ? 'this line' : 'the line below it';
    const unused =
      onTarget.length > 0
        ? `\`# remc-allow ${ALLOW_CODE}\` cannot accept PowerShell 7-only syntax (${which}): Windows PowerShell 5.1 cannot parse the script at all`
        : `\`# remc-allow ${ALLOW_CODE}\` accepts nothing: ${which} has no Windows PowerShell 5.1 finding; remove the comment`;
    return { ...a, accepted: [], unused };
  });
  return { allowances, accepted };
}
