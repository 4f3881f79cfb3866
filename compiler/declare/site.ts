/**
 * Where a declaration's nodes were created: the call sites V8 records, mapped to the author's
 * file:line only when a diagnostic needs one.
 */

/** Where in the loaded bundle a node was created; mapped to file:line only when a diagnostic needs it. */
export interface RawSite {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The positions of the calls that led to `below` (most recent first), taken from V8's structured stack
 * without formatting it: cheap enough to record for every node, mapped through the source map later.
 */
export function callSites(below: Function): RawSite[] {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 8;
    Error.prepareStackTrace = (_error, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, below);
    return (holder.stack ?? []).map((s) => ({ file: s.getFileName() ?? '', line: s.getLineNumber() ?? 0, column: s.getColumnNumber() ?? 0 }));
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}
