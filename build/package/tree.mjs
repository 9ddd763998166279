// Walk a staged tree: normalise directory modes (755) and list its entries, sorted by path.
import { chmod, lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** [{ path ("/usr/..."), type: 'dir'|'file'|'symlink', mode, size, target }] below root (root itself excluded). */
export async function walkTree(root, { normaliseDirectories = true } = {}) {
  const entries = [];
  async function visit(relative) {
    for (const name of (await readdir(join(root, relative))).sort()) {
      const path = `${relative}/${name}`;
      const stat = await lstat(join(root, path));
      if (stat.isDirectory()) {
        if (normaliseDirectories) await chmod(join(root, path), 0o755);
        entries.push({ path, type: 'dir', mode: 0o755, size: 0 });
        await visit(path);
      } else if (stat.isSymbolicLink()) {
        entries.push({ path, type: 'symlink', mode: 0o777, size: 0, target: await readlink(join(root, path)) });
      } else {
        entries.push({ path, type: 'file', mode: stat.mode & 0o7777, size: stat.size });
      }
    }
  }
  await visit('');
  return entries;
}
