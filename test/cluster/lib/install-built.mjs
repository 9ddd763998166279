// Install the programs of this checkout that are built into DESTDIR/PREFIX, in the layout of
// build/install.mjs (same kinds, directories, modes and links), and name the ones that are
// not built on stderr. xcluster uses it when `make install` fails because a program that a
// colleague is still writing has no dist/ output yet. Run from the project root:
//   DESTDIR=/tmp/xcluster-xc/install PREFIX=/usr node test/cluster/lib/install-built.mjs
import { access, chmod, copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { INSTALL_DIRS, listPrograms } from '../../../build/programs.mjs';

const destdir = process.env.DESTDIR;
if (!destdir) throw new Error('DESTDIR must be set: this never installs into /');
const root = join(destdir, process.env.PREFIX ?? '/usr');

const isBuilt = (file) => access(file).then(() => true, () => false);

const notBuilt = [];
for (const program of await listPrograms({ fixtures: false })) {
  if (!(await isBuilt(program.out))) {
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
}
if (notBuilt.length > 0) console.error(`not built, not installed: ${notBuilt.join(' ')}`);
