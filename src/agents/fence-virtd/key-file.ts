/**
 * The shared key, read as fence_virtd reads it (`common/simple_auth.c` read_key_file): the
 * file's bytes, at most 4096. Its content is never logged or shown; a key others can read is
 * reported (anyone who can read it can fence).
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_KEY_BYTES } from '../../lib/fence-virt/protocol.js';

export interface SharedKey {
  readonly bytes: Buffer;
  readonly warnings: readonly string[];
}

export function readSharedKey(path: string): SharedKey {
  let bytes: Buffer;
  const warnings: string[] = [];
  try {
    const info = statSync(path);
    if (!info.isFile()) throw new Error(`key file ${path} is not a regular file`);
    if ((info.mode & 0o004) !== 0) warnings.push(`key file ${path} is readable by every user (chmod 600 it): anyone who can read it can fence`);
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code ? `cannot read key file ${path} (${code})` : (error as Error).message);
  }
  if (bytes.length === 0) throw new Error(`key file ${path} is empty`);
  if (bytes.length > MAX_KEY_BYTES) {
    warnings.push(`key file ${path} has ${bytes.length} bytes; only the first ${MAX_KEY_BYTES} are used, as by fence_xvm`);
    bytes = bytes.subarray(0, MAX_KEY_BYTES);
  }
  return { bytes, warnings };
}
