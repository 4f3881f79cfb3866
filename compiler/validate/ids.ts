/**
 * The id rules: an id names a folder of dist/ and a script in Intune, so it is a safe file name
 * (REMC011) and one remediation's alone across the project (REMC010, naming both files: which one
 * is the mistake, the older or the newer, only the admin knows).
 */
import type { SourceLocation } from '../diagnostics.ts';
import { LIMITS } from '../declare/limits.ts';
import type { Report } from './problems.ts';

const SAFE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Names Windows refuses as file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/** The ids of a project's declarations, each where it was first declared (a later one points back there). */
export class Ids {
  private readonly first = new Map<string, SourceLocation>();

  /** Checks a declaration's id, located at `where`. */
  check(id: string, where: SourceLocation, report: Report): void {
    if (!SAFE_ID.test(id) || id.length > LIMITS.id || RESERVED.test(id)) {
      report('REMC011', `id "${id}" is not a safe file name`, where);
      return;
    }
    const first = this.first.get(id);
    if (first) report('REMC010', `id "${id}" is declared by both ${first.file} and ${where.file}`, where, undefined, [{ message: `the other declaration of id "${id}"`, location: first }]);
    else this.first.set(id, where);
  }
}
