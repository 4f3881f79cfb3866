/**
 * Constrained Language Mode (CLM), statically: what in a piece of PowerShell the language mode that
 * AppLocker and WDAC impose refuses, found without running it. Windows PowerShell 5.1 is what runs on
 * devices, so its rules are the ones followed (about_Language_Modes, 5.1: "ConstrainedLanguage mode";
 * the allowed types and COM objects are data: compiler/ps/data/clm-core-types.json, with its source).
 *
 * The rules, each a construct the analyzer can type from the text alone (one a file, compiler/ps/clm/rules/):
 *  - `Add-Type`, in any form (CLM compiles no C#, declares no Win32 API, and what it would load is no
 *    allowed type anyway);
 *  - `New-Object` of a type that is not allowed (`-TypeName`, or the first positional argument), or of
 *    a type it cannot read (a variable, an expression: counted as refused); `-ComObject` of anything but
 *    Scripting.Dictionary, Scripting.FileSystemObject and VBScript.RegExp;
 *  - a static method call `[T]::M(...)` or a constructor `[T]::new(...)` on a type that is not allowed
 *    (static property reads such as `[Environment]::MachineName` are allowed, and are not reported);
 *  - a conversion to a type that is not allowed: a cast `[T]<expr>` (also a typed variable `[T] $x =`,
 *    which converts what is assigned) and `<expr> -as [T]` (which gives $null under CLM);
 *    type accelerators and full names, generic (`List[string]`) and array (`T[]`) forms;
 *    `[pscustomobject]@{...}` and `[ref]$x` too: CLM refuses those casts although their types are on
 *    the list (the data file says why);
 *  - a `class` definition.
 * Enums, `Nullable[T]`, arrays of allowed types and a conversion to `[object]` are allowed (the engine's
 * rule, beyond the list); an enum the data file does not name is reported (the analyzer cannot ask .NET
 * whether a name is an enum: the conservative answer).
 *
 * What it cannot see, and does not report: calls of instance methods (`$x.M()`) and property
 * assignments (`$x.P = v`), which CLM refuses on objects of types that are not allowed
 * (`(Get-Item $p).Delete()`, `(Get-Process -Id $PID).Refresh()`): the type of `$x` is known only when
 * the code runs; and typed parameters (`param([IO.FileInfo] $File)`), which convert only an argument
 * of another type, which is the caller's to say. Only running the code under CLM proves those
 * (`remc test` runs checks under it). The other way round, a conversion of a value that already has
 * the target type converts nothing and CLM allows it; the analyzer cannot tell, and reports every
 * conversion to a type that is not allowed.
 *
 * A block that runs only in FullLanguage, `if ($ExecutionContext.SessionState.LanguageMode -eq
 * 'FullLanguage') { ... }` (with or without a `[string]` cast), is not reported: CLM never runs it.
 */
import { tokenize } from '../tokens.ts';
import { fullLanguageBlocks } from './brackets.ts';
import { argumentBrackets, commandSites, indexTokens } from './commands.ts';
import type { ClmFinding, ClmRuleCheck, ClmScript } from './finding.ts';
import { typeLiterals, type ClassDefinition, type TypeLiteral } from './literals.ts';
import { addType } from './rules/add-type.ts';
import { classDefinition } from './rules/class.ts';
import { comObject } from './rules/com-object.ts';
import { constructorCall } from './rules/constructor.ts';
import { conversion } from './rules/conversion.ts';
import { newObject } from './rules/new-object.ts';
import { staticMethod } from './rules/static-method.ts';

export type { ClmFinding, ClmRule } from './finding.ts';
export { clmCoreTypes, clmTypeVerdict, type ClmCoreTypes, type TypeVerdict } from './types.ts';

export const CLM_RULES: readonly ClmRuleCheck[] = [addType, newObject, comObject, staticMethod, constructorCall, conversion, classDefinition];

/**
 * What Constrained Language Mode refuses in `text` that the analyzer can see (see the top of this file
 * for the rules and what it cannot see), sorted by position; empty when it finds nothing.
 */
export function constrainedLanguageFindings(text: string): ClmFinding[] {
  const code = tokenize(text).filter((t) => t.kind !== 'comment');
  const commands = commandSites(text, indexTokens(code));
  const sites: { literals: TypeLiteral[]; classes: ClassDefinition[] } = { literals: [], classes: [] };
  typeLiterals(code, argumentBrackets(commands), sites);
  const script: ClmScript = { commands, ...sites };
  const guarded = fullLanguageBlocks(code);
  return CLM_RULES.flatMap((rule) => rule.check(script))
    .filter((f) => !guarded.some(([from, to]) => f.offset > from && f.offset < to))
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .map(({ offset: _offset, ...f }) => f);
}
