// Generated from remc's sources by `npm run gen` (compiler/dev/public-types.ts); do not edit.
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
export declare function callSites(below: Function): RawSite[];
