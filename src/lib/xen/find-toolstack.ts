/** Which toolstack binary to use: an explicit choice, or xl when on PATH, else xm. */
import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { ToolstackKind } from './toolstack.js';

export type ToolstackChoice = 'auto' | ToolstackKind;

export interface FoundToolstack {
  readonly kind: ToolstackKind;
  /** Absolute path of the binary. */
  readonly path: string;
}

const DEFAULT_PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The first executable called `program` in the directories of `pathVariable`. Only access(2) is
 * asked (no stat: this runs in every monitor, and fs.Stats is costly to build in Node).
 */
export function findOnPath(program: string, pathVariable: string | undefined): string | undefined {
  const dirs = (pathVariable === undefined || pathVariable === '' ? DEFAULT_PATH : pathVariable).split(':');
  for (const dir of dirs) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ToolstackLookup {
  /** The toolstack asked for, when found. */
  readonly chosen: FoundToolstack | undefined;
  /** The other one, when found (a fallback for stop and monitor when the chosen one is missing). */
  readonly other: FoundToolstack | undefined;
  /** Why `chosen` is undefined, for exit reasons. */
  readonly missing: string | undefined;
}

export function lookupToolstack(choice: ToolstackChoice, pathVariable: string | undefined): ToolstackLookup {
  const find = (kind: ToolstackKind): FoundToolstack | undefined => {
    const path = findOnPath(kind, pathVariable);
    return path === undefined ? undefined : { kind, path };
  };
  if (choice === 'auto') {
    const xl = find('xl');
    const chosen = xl ?? find('xm');
    return {
      chosen,
      other: undefined,
      missing: chosen === undefined ? 'neither xl nor xm was found in PATH (is the Xen toolstack installed?)' : undefined,
    };
  }
  const chosen = find(choice);
  if (chosen !== undefined) return { chosen, other: undefined, missing: undefined };
  const other = find(choice === 'xl' ? 'xm' : 'xl');
  return { chosen: undefined, other, missing: `toolstack=${choice} but ${choice} was not found in PATH` };
}
