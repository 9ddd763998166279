// The e2e results table: scenario x flavour (ours, reference), outcome and figures, the
// targets and the known gaps. Rows come from e2e_record (results.bash):
//   KIND  SCENARIO  FLAVOUR  KEY  VALUE  NOTE
//   node table.mjs print RESULTS.tsv [FLAVOUR]  the table (one flavour's column only), on stdout
//   node table.mjs merge RUN.tsv LATEST.tsv   LATEST := LATEST with RUN's scenarios x flavours
//                                             replaced by RUN's rows (kept sorted)
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const FLAVOURS = ['ours', 'reference'];

function readRows(file) {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() && !line.startsWith('#')).map((line) => {
    const [kind, scenario, flavour, key = '', value = '', note = ''] = line.split('\t');
    return { kind, scenario, flavour, key, value, note, line };
  });
}

const seconds = (ms) => `${(Number(ms) / 1000).toFixed(1)} s`;
const pad = (text, width) => (text.length >= width ? `${text} ` : text.padEnd(width));

function summarize(rows) {
  const scenarios = new Map();
  const scenario = (id) => {
    if (!scenarios.has(id)) scenarios.set(id, { id, title: id, outcomes: {}, measures: new Map(), targets: [], gaps: [] });
    return scenarios.get(id);
  };
  for (const row of rows) {
    const s = scenario(row.scenario);
    switch (row.kind) {
      case 'title': s.title = row.key; break;
      case 'outcome': s.outcomes[row.flavour] = { result: row.key, ms: row.value, when: row.note }; break;
      case 'measure': {
        if (!s.measures.has(row.key)) s.measures.set(row.key, {});
        s.measures.get(row.key)[row.flavour] = row.value;
        break;
      }
      case 'target':
        if (!s.targets.some((t) => t.label === row.key)) s.targets.push({ label: row.key, maxMs: Number(row.value), maxRatio: Number(row.note) });
        break;
      case 'gap': if (!s.gaps.some((g) => g.flavour === row.flavour && g.reason === row.key)) s.gaps.push({ flavour: row.flavour, reason: row.key }); break;
      default: break;
    }
  }
  return [...scenarios.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function print(file, only) {
  const flavours = only ? [only] : FLAVOURS;
  const both = flavours.length === 2;
  const scenarios = summarize(readRows(file)).filter((s) => flavours.some((f) => s.outcomes[f]));
  const out = [];
  // the label column fits the longest measure label (4 spaces of indent, 2 before the figures)
  const labels = scenarios.flatMap((s) => [...s.measures.keys()]);
  const W = [Math.max(66, ...labels.map((label) => label.length + 6)), 22, 22];
  const when = scenarios.flatMap((s) => flavours.map((f) => s.outcomes[f]?.when)).filter(Boolean).sort();
  if (when.length) out.push(`e2e results, runs of ${when[0] === when.at(-1) ? when[0] : `${when[0]} to ${when.at(-1)}`}`);
  out.push(`${pad('scenario / measure', W[0])}${flavours.map((f) => pad(f, W[1])).join('')}${both ? 'ours/ref' : ''}`.trimEnd());
  for (const s of scenarios) {
    const cells = flavours.map((f) => {
      const o = s.outcomes[f];
      if (!o) return '-';
      const gaps = s.gaps.filter((g) => g.flavour === f).length;
      return `${o.result}${gaps ? ` (${gaps} gap${gaps > 1 ? 's' : ''})` : ''} in ${Math.round(Number(o.ms) / 1000)} s`;
    });
    out.push(`${pad(s.id, W[0])}${cells.map((c) => pad(c, W[1])).join('')}`.trimEnd());
    out.push(`  ${s.title}`);
    for (const [label, byFlavour] of s.measures) {
      const values = flavours.map((f) => byFlavour[f]);
      const [ours, reference] = FLAVOURS.map((f) => byFlavour[f]);
      const ratio = both && ours !== undefined && reference !== undefined && Number(reference) > 0
        ? `${(Number(ours) / Number(reference)).toFixed(2)}x` : '';
      if (values.every((v) => v === undefined)) continue;
      out.push(`${pad(`    ${label}`, W[0])}${values.map((v) => pad(v === undefined ? '-' : seconds(v), W[1])).join('')}${ratio}`.trimEnd());
    }
  }
  const targets = flavours.includes('ours') ? scenarios.flatMap((s) => s.targets.map((t) => ({ ...t, s }))) : [];
  if (targets.length) {
    out.push('', 'targets (reported, never asserted)');
    for (const { label, maxMs, maxRatio, s } of targets) {
      const m = s.measures.get(label) ?? {};
      const ours = m.ours === undefined ? undefined : Number(m.ours);
      const reference = m.reference === undefined ? undefined : Number(m.reference);
      const absolute = ours === undefined ? `ours: not measured (${s.outcomes.ours?.result ?? 'not run'})`
        : `ours ${seconds(ours)} (<= ${seconds(maxMs)}: ${ours <= maxMs ? 'met' : 'NOT met'})`;
      const relative = ours === undefined || reference === undefined ? 'ours/reference: not measured'
        : `ours/reference ${(ours / reference).toFixed(2)}x (<= ${maxRatio}x: ${ours / reference <= maxRatio ? 'met' : 'NOT met'})`;
      out.push(`    ${s.id} ${label}: ${absolute}${both ? `; ${relative}` : ''}`);
    }
  }
  const gaps = scenarios.flatMap((s) => s.gaps.filter((g) => flavours.includes(g.flavour)).map((g) => ({ ...g, s })));
  if (gaps.length) {
    out.push('', 'known gaps (a program of that flavour gets this wrong; the test checks that it still does)');
    for (const { flavour, reason, s } of gaps) out.push(`    ${s.id} [${flavour}]: ${reason}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

function merge(runFile, latestFile) {
  const run = readRows(runFile);
  const ran = new Set(run.filter((r) => r.kind === 'outcome').map((r) => `${r.scenario}\t${r.flavour}`));
  const scenariosRan = new Set([...ran].map((k) => k.split('\t')[0]));
  const kept = readRows(latestFile).filter((r) => {
    if (r.flavour === '-') return !scenariosRan.has(r.scenario);
    return !ran.has(`${r.scenario}\t${r.flavour}`);
  });
  const rows = [...kept, ...run.filter((r) => r.flavour === '-' || ran.has(`${r.scenario}\t${r.flavour}`))];
  const order = { title: 0, target: 1, outcome: 2, gap: 3, measure: 4 };
  rows.sort((a, b) => a.scenario.localeCompare(b.scenario) || FLAVOURS.indexOf(a.flavour) - FLAVOURS.indexOf(b.flavour)
    || (order[a.kind] ?? 9) - (order[b.kind] ?? 9));
  const unique = [...new Map(rows.map((r) => [r.line, r])).values()];
  const header = '# e2e results (test/cluster/e2e): KIND SCENARIO FLAVOUR KEY VALUE NOTE; times in ms. Print: node test/cluster/e2e/lib/table.mjs print <this file>\n';
  writeFileSync(`${latestFile}.tmp`, header + unique.map((r) => r.line).join('\n') + '\n');
  renameSync(`${latestFile}.tmp`, latestFile);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'print' && args.length >= 1 && args.length <= 2 && (!args[1] || FLAVOURS.includes(args[1]))) print(args[0], args[1]);
else if (command === 'merge' && args.length === 2) merge(args[0], args[1]);
else {
  process.stderr.write('usage: table.mjs print RESULTS.tsv [ours|reference] | merge RUN.tsv LATEST.tsv\n');
  process.exit(2);
}
