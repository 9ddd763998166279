/**
 * The iLO password from a file only root can read (ilo_password_file): the first line, without
 * its line ending. A file that group or others can read or write is refused: the password would
 * no longer be a secret.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

const MAX_BYTES = 4096;

export function readPasswordFile(path: string): string {
  if (!path.startsWith('/')) throw new Error(`ilo_password_file must be an absolute path, not "${path}"`);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new Error(`cannot open ilo_password_file ${path} (${code})`);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error(`ilo_password_file ${path} is not a regular file`);
    if ((stat.mode & 0o077) !== 0) {
      throw new Error(`ilo_password_file ${path} is readable or writable by group or others (mode ${(stat.mode & 0o777).toString(8)}): chmod 600 it`);
    }
    const uid = process.getuid?.();
    if (stat.uid !== 0 && stat.uid !== uid) {
      throw new Error(`ilo_password_file ${path} belongs to uid ${stat.uid}, neither root nor this process's user`);
    }
    const buffer = Buffer.alloc(MAX_BYTES);
    const length = readSync(fd, buffer, 0, MAX_BYTES, 0);
    const password = buffer.subarray(0, length).toString('utf8').split(/\r?\n/)[0];
    buffer.fill(0);
    if (password === '') throw new Error(`ilo_password_file ${path} is empty (the password is its first line)`);
    return password;
  } finally {
    closeSync(fd);
  }
}
