/** A type name as PowerShell reads it inside `[ ]`: `System.Collections.Generic.List[string]`, `int[]`, `Nullable[int]`. */

export interface TypeRef {
  readonly name: string;
  readonly args: readonly TypeRef[];
  /** How many array suffixes (`[]`, `[,]`) follow, outermost last. */
  readonly ranks: number;
}

/** Parses a type name; undefined when the text is none. */
export function parseTypeName(text: string): TypeRef | undefined {
  let i = 0;
  const s = text.replace(/\s+/g, '');
  const parse = (): TypeRef | undefined => {
    const start = i;
    while (i < s.length && /[\w.+`]/.test(s[i]!)) i++;
    if (i === start) return undefined;
    const name = s.slice(start, i);
    const args: TypeRef[] = [];
    let ranks = 0;
    while (s[i] === '[') {
      if (s[i + 1] === ']' || s[i + 1] === ',') {
        i++;
        while (s[i] === ',') i++;
        if (s[i] !== ']') return undefined;
        i++;
        ranks++;
        continue;
      }
      if (ranks > 0 || args.length > 0) return undefined;
      i++;
      for (;;) {
        const bracketed = s[i] === '[';
        if (bracketed) i++;
        const arg = parse();
        if (!arg) return undefined;
        if (bracketed) {
          if (s[i] !== ']') return undefined;
          i++;
        }
        args.push(arg);
        if (s[i] === ',') {
          i++;
          continue;
        }
        if (s[i] !== ']') return undefined;
        i++;
        break;
      }
    }
    return { name, args, ranks };
  };
  const ref = parse();
  // `Name, AssemblyName`: the assembly does not change the type's verdict.
  if (!ref || (i < s.length && s[i] !== ',')) return undefined;
  return ref;
}
