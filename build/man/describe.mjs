// What a man page says about a program, read from the built program itself: its meta-data
// (OCF `meta-data`, cluster-glue `getinfo-*`, fence-agents `-o metadata`), or for a program
// without meta-data its `--help` (or `-h`) output. Each program runs under its installed name
// (a symlink in a temporary folder), since a program with several names dispatches on it.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

// A program answers meta-data and --help at once; a daemon that took --help for a start would be
// killed after this long (and the page would fall back to the next flag).
const RUN_TIMEOUT_MS = 10_000;

/** Run a program; resolve with { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(file, args) {
  const env = { ...process.env, OCF_ROOT: '/usr/lib/ocf' };
  delete env.NODE_EXTRA_CA_CERTS;
  return new Promise((done) => {
    execFile(file, args, { env, timeout: RUN_TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  isArray: (tag) => tag === 'parameter' || tag === 'action',
});

const text = (node) => (node === undefined ? '' : typeof node === 'string' ? node : String(node['#text'] ?? '')).trim();

function parameterFrom(node) {
  const content = node.content ?? {};
  return {
    name: node.name,
    type: content.type ?? 'string',
    default: content.default,
    required: node.required === '1',
    unique: node.unique === '1',
    shortdesc: text(node.shortdesc),
    longdesc: text(node.longdesc),
    option: node.getopt?.mixed,
  };
}

const actionFrom = (node) => ({
  name: node.name,
  timeout: node.timeout,
  interval: node.interval,
  depth: node.depth,
  role: node.role,
});

// Twice on this shared machine (never reproduced by hand) a program exited 0 with meta-data that
// had no <resource-agent>: it is asked again, up to twice, saying so on stderr, before failing.
const METADATA_ATTEMPTS = 3;

async function describeOcf(file, args) {
  let lastError;
  for (let attempt = 1; attempt <= METADATA_ATTEMPTS; attempt += 1) {
    try {
      return await describeOcfOnce(file, args);
    } catch (error) {
      lastError = error;
      if (!error.incompleteOutput) break;
      process.stderr.write(`warning: ${error.message}${attempt < METADATA_ATTEMPTS ? '; asking again' : ''}\n`);
    }
  }
  throw lastError;
}

async function describeOcfOnce(file, args) {
  const result = await run(file, args);
  if (result.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${result.code}: ${result.stderr.trim()}`);
  const agent = parser.parse(result.stdout)['resource-agent'];
  if (!agent) {
    const excerpt = (text) => JSON.stringify(text.slice(0, 300));
    const error = new Error(`${file} ${args.join(' ')}: no <resource-agent> in its output (exit ${result.code}, stdout ${excerpt(result.stdout)}, stderr ${excerpt(result.stderr)})`);
    error.incompleteOutput = true;
    throw error;
  }
  const fence = (agent.parameters?.parameter ?? []).some((p) => p.getopt);
  return {
    dialect: fence ? 'fence' : 'ocf',
    shortdesc: text(agent.shortdesc),
    longdesc: text(agent.longdesc),
    url: text(agent['vendor-url']),
    parameters: (agent.parameters?.parameter ?? []).map(parameterFrom),
    actions: (agent.actions?.action ?? []).map(actionFrom),
  };
}

async function describeStonith(file, args) {
  const xml = await run(file, args);
  if (xml.code !== 0) throw new Error(`${file} ${args.join(' ')} exited ${xml.code}: ${xml.stderr.trim()}`);
  const parameters = (parser.parse(xml.stdout).parameters?.parameter ?? []).map(parameterFrom);
  const info = {};
  await Promise.all(['devid', 'devname', 'devdescr', 'devurl'].map(async (what) => {
    const answer = await run(file, [`getinfo-${what}`]);
    info[what] = answer.code === 0 ? answer.stdout.trim() : '';
  }));
  return { dialect: 'stonith', shortdesc: info.devname || info.devid, longdesc: info.devdescr, url: info.devurl, parameters, actions: [] };
}

async function describeFromHelp(file, summary) {
  for (const flag of ['--help', '-h']) {
    const answer = await run(file, [flag]);
    if (answer.code === 0 && answer.stdout.trim() !== '') return { dialect: 'help', shortdesc: summary, help: answer.stdout.replace(/\s+$/, ''), parameters: [], actions: [] };
  }
  // No help: a minimal page. A usage line printed on error still tells how it is called.
  const answer = await run(file, ['--help']);
  const usage = `${answer.stdout}\n${answer.stderr}`.split('\n').filter((line) => /^\s*usage:/i.test(line)).join('\n');
  return { dialect: 'help', shortdesc: summary, help: undefined, usage: usage || undefined, parameters: [], actions: [] };
}

/** Describe one installed name (from build/man/pages.mjs installedNames) by running its built program. */
export async function describe(entry) {
  const folder = await mkdtemp(join(tmpdir(), 'xenha-man-'));
  try {
    const file = join(folder, entry.name);
    await symlink(resolve(entry.program.out), file);
    const args = entry.metadataArgs;
    let model;
    if (!args) model = await describeFromHelp(file, entry.program.summary);
    else if (args[0] === 'getinfo-xml') model = await describeStonith(file, args);
    else model = await describeOcf(file, args);
    return { ...model, entry };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
