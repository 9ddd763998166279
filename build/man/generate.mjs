// Every installed name's man page, rendered in memory: [{ entry, model, file, text }].
import { listPrograms } from '../programs.mjs';
import { packageIdentity } from '../package/changelog.mjs';
import { describe } from './describe.mjs';
import { installedNames } from './pages.mjs';
import { renderManPage } from './render.mjs';
import { access } from 'node:fs/promises';

export async function generateManPages() {
  const identity = await packageIdentity();
  const date = identity.date.toISOString().slice(0, 10);
  const names = installedNames(await listPrograms({ fixtures: false }));
  const missing = [];
  for (const entry of names) await access(entry.program.out).catch(() => missing.push(entry.program.out));
  if (missing.length > 0) throw new Error(`not built: ${[...new Set(missing)].join(' ')} (run "make build" first)`);
  const models = await Promise.all(names.map((entry) => describe(entry)));
  return models.map((model) => ({
    entry: model.entry,
    model,
    file: model.entry.man.file,
    text: renderManPage(model, { version: identity.version, date, allNames: names }),
  }));
}
