/**
 * Which scripts in Intune are this repository's: an ownership line at the end of each published
 * script's description (the one free-text field a deviceHealthScript has, shown in the portal), naming
 * the repository's owner key and the remediation's id. `remc publish` finds its scripts by that line,
 * whatever their display name, and never touches a script without it, even one with the same name.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** An owner key: what package.json's `remc.owner` holds. */
export const OWNER_KEY = /^[a-z0-9][a-z0-9._-]{2,63}$/;

const LINE = /(?:^|\n)Managed by remc \(owner ([a-z0-9][a-z0-9._-]{2,63}), remediation ([a-z0-9]+(?:-[a-z0-9]+)*)\); change it in the declaration, not here\.\s*$/;

export interface Ownership {
  readonly owner: string;
  readonly remediation: string;
}

/** The description Intune gets: the declared one and the ownership line. */
export function ownedDescription(description: string, owner: string, remediation: string): string {
  return `${description}\n\nManaged by remc (owner ${owner}, remediation ${remediation}); change it in the declaration, not here.`;
}

/** Whose a script is, from its description; undefined when no remc ownership line ends it. */
export function ownershipOf(description: unknown): Ownership | undefined {
  if (typeof description !== 'string') return undefined;
  const found = LINE.exec(description);
  return found ? { owner: found[1]!, remediation: found[2]! } : undefined;
}

/**
 * The project's owner key from its package.json (`"remc": { "owner": "..." }`), or why there is none.
 * `remc init` writes one; it must stay the same for the life of the repository.
 */
export function ownerKey(root: string): { key: string } | { problem: string; file: string } {
  const file = path.join(root, 'package.json');
  let manifest: { remc?: { owner?: unknown } };
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as typeof manifest;
  } catch (error) {
    return { file, problem: `cannot read package.json: ${(error as Error).message}` };
  }
  const key = manifest.remc?.owner;
  if (key === undefined) return { file, problem: 'package.json has no "remc": { "owner": "..." }: the key that marks the scripts this repository publishes' };
  if (typeof key !== 'string' || !OWNER_KEY.test(key)) return { file, problem: `package.json "remc.owner" must be 3-64 lowercase letters, digits, '.', '_' or '-' (got ${JSON.stringify(key)})` };
  return { key };
}

/** A fresh owner key for a project: its package name and a random suffix, so two repositories never share one. */
export function newOwnerKey(name: string, random: string): string {
  const base = name.toLowerCase().replace(/^@[^/]+\//, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 48) || 'remediations';
  return `${base}-${random}`;
}
