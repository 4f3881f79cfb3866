/**
 * A conversion to a type that is not allowed: a cast `[T]<expr>` (also a typed variable `[T] $x =`,
 * which converts what is assigned) and `<expr> -as [T]` (which gives $null under CLM); generic and
 * array forms too. `[pscustomobject]@{...}` and `[ref]$x` as well: CLM refuses those casts although
 * their types are on the list. A conversion to `[object]` is allowed (the engine's rule).
 */
import type { Token } from '../../tokens.ts';
import { found, PREFIX, type ClmRuleCheck, type Found } from '../finding.ts';
import type { TypeLiteral } from '../literals.ts';
import { clmCoreTypes, lookup } from '../types.ts';

/** Tokens that start an operand: `[T]` right before one of them converts it. */
function startsOperand(t: Token | undefined): boolean {
  if (!t) return false;
  if (['variable', 'string', 'hereString', 'number'].includes(t.kind)) return true;
  if (t.kind === 'punct') return ['(', '$(', '@(', '@{', '['].includes(t.text);
  if (t.kind === 'operator') return ['!', '-not', '-bnot', '++'].includes(t.text.toLowerCase()) || (t.text === '-' && !t.spaced);
  return false;
}

/**
 * Casts CLM refuses although their type is on the list (compiler/ps/data/clm-core-types.json,
 * refusedDespiteList): `[pscustomobject]@{...}`, and `[ref]$x`, which makes a PSReference[T].
 */
function refusedCast(name: string): { construct: string; message: string } | undefined {
  const key = name.toLowerCase();
  const listed = clmCoreTypes().refusedDespiteList;
  if (key === 'pscustomobject' && listed.includes('pscustomobject')) {
    return {
      construct: '[pscustomobject]@{...}',
      message: `${PREFIX} refuses the [pscustomobject] cast although the type is allowed (PowerShell issue #20767, Windows PowerShell too); use a hashtable, or New-Object PSObject -Property @{...}`,
    };
  }
  if (listed.includes('ref') && (key === 'ref' || lookup(name).fullName === 'System.Management.Automation.PSReference')) {
    return {
      construct: `[${name}]$...`,
      message: `${PREFIX} refuses the [ref] cast: it makes a PSReference[T], which is not an allowed type (so no [double]::TryParse($s, [ref] $n)); use a pattern and a cast instead`,
    };
  }
  return undefined;
}

function refusedConversion(l: TypeLiteral): Found | undefined {
  const { prev, next, ref, verdict, literal } = l;
  if (next?.kind === 'operator' && next.text === '::') return undefined; // static member access: static-method's, constructor's
  if (prev?.kind === 'operator' && /^-[ic]?is(not)?$/i.test(prev.text)) return undefined; // a type test converts nothing
  const asOperator = prev?.kind === 'operator' && /^-[ic]?as$/i.test(prev.text);
  // A typed parameter converts only an argument of another type: what callers pass is not typed here.
  if (!asOperator && l.typedParameter) return undefined;
  if (!asOperator && !startsOperand(next)) return undefined; // a type literal as a value: `-is [T]`, `catch [T]`, `[T].Name`
  const despite = ref.args.length === 0 && ref.ranks === 0 && !asOperator ? refusedCast(ref.name) : undefined;
  if (despite) return found(l.at, 'conversion', despite.construct, despite.message);
  if (verdict.allowed || (verdict.fullName === 'System.Object' && clmCoreTypes().engineRules.conversionToObject)) return undefined;
  if (asOperator) return found(prev!, 'conversion', `-as ${literal}`, `${PREFIX} refuses conversion to [${verdict.fullName}] (-as gives $null there)`);
  const unknown = ref.args.length === 0 && lookup(ref.name).known === false;
  const hint = unknown ? ' (an enum would be allowed: remc knows the enums compiler/ps/data/clm-core-types.json names)' : '';
  return found(l.at, 'conversion', `${literal}...`, `${PREFIX} refuses conversion to [${verdict.fullName}]${hint}`);
}

export const conversion: ClmRuleCheck = {
  rule: 'conversion',
  refuses: 'a cast or `-as` to a type CLM does not allow, and the [pscustomobject] and [ref] casts',
  check: (script) => script.literals.flatMap((l) => refusedConversion(l) ?? []),
};
