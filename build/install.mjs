// make install: copy the built programs to DESTDIR/PREFIX/<kind dir>/<name> (mode 755), create
// their extra names as symlinks, and copy the extra files their folders ship ("extraFiles":
// systemd units, bash completions; build/programs.mjs says where). Fixtures are never installed.
// --built-only: install what is built and name the rest on stderr, instead of failing
// (the test cluster harness uses it while a program is still being written).
import { access, chmod, copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import { join, relative, dirname } from 'node:path';
import { INSTALL_DIRS, listPrograms } from './programs.mjs';

const builtOnly = process.argv.includes('--built-only');
const destdir = process.env.DESTDIR ?? '';
const prefix = process.env.PREFIX ?? '/usr';
const root = join(destdir || '/', prefix);
const isBuilt = (file) => access(file).then(() => true, () => false);

/** Where an extra file goes: below DESTDIR/PREFIX, or below DESTDIR when its kind's dir is absolute. */
const extraFileTarget = (extra) => join(extra.dir.startsWith('/') ? destdir || '/' : root, extra.dir, extra.name);

const notBuilt = [];
for (const program of await listPrograms({ fixtures: false })) {
  if (builtOnly && !(await isBuilt(program.out))) {
    notBuilt.push(program.out);
    continue;
  }
  const target = join(root, program.installDir, program.name);
  await mkdir(dirname(target), { recursive: true });
  await copyFile(program.out, target);
  await chmod(target, 0o755);
  console.log(`installed ${target}`);
  for (const link of program.links) {
    const linkPath = join(root, INSTALL_DIRS[link.kind], link.name);
    await mkdir(dirname(linkPath), { recursive: true });
    await rm(linkPath, { force: true });
    await symlink(relative(dirname(linkPath), target), linkPath);
    console.log(`linked ${linkPath} -> ${target}`);
  }
  for (const extra of program.extraFiles) {
    const extraTarget = extraFileTarget(extra);
    await mkdir(dirname(extraTarget), { recursive: true });
    await copyFile(extra.source, extraTarget);
    await chmod(extraTarget, extra.mode);
    console.log(`installed ${extraTarget}`);
  }
}
if (notBuilt.length > 0) console.error(`not built, not installed: ${notBuilt.join(' ')}`);
