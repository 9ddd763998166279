// The machine-readable (DEP-5) copyright file: the suite's own licence, and every npm package
// whose code esbuild put into the bundles (dist/bundled/*.json, written by build/bundle.mjs),
// with the licence text that package ships.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** npm package names inside the built bundles of the given programs. */
async function bundledPackages(programs) {
  const names = new Set();
  for (const program of programs) {
    let inputs = [];
    try {
      inputs = JSON.parse(await readFile(join('dist', 'bundled', `${program.kind}-${program.name}.json`), 'utf8'));
    } catch {
      throw new Error(`dist/bundled/${program.kind}-${program.name}.json is missing: run "make build" first`);
    }
    for (const input of inputs) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) names.add(match[1]);
    }
  }
  return [...names].sort();
}

async function licenceOf(name) {
  const dir = join('node_modules', name);
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  const licenceFile = (await readdir(dir)).find((file) => /^(licen[cs]e|copying)(\.md|\.txt)?$/i.test(file));
  const text = licenceFile ? (await readFile(join(dir, licenceFile), 'utf8')).trim() : '';
  const spdx = manifest.license ?? manifest.licenses?.[0]?.type ?? (/Permission is hereby granted, free of charge/.test(text) ? 'MIT' : 'other');
  const holders = text.split('\n').map((line) => line.trim()).filter((line) => /^copyright\b/i.test(line) && !/notice/i.test(line));
  return { spdx, text, holders: holders.length > 0 ? holders.map((h) => h.replace(/^copyright\s*(\(c\))?\s*/i, '')) : [`the ${name} authors`] };
}

/** A DEP-5 field value: continuation lines indented, blank lines as " ." */
const fieldText = (value) => value.split('\n').map((line) => (line.trim() === '' ? ' .' : ` ${line.replace(/\s+$/, '')}`)).join('\n');

export async function copyrightFile(identity, programs) {
  const year = identity.date.getUTCFullYear();
  const paragraphs = [
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\nUpstream-Name: ${identity.name}\nComment: The programs are esbuild bundles; besides the suite's own code they contain\n the npm packages listed below (each under its own licence).`,
    `Files: *\nCopyright: ${year} xenha-agents contributors\nLicense: GPL-2+`,
  ];
  for (const name of await bundledPackages(programs)) {
    const licence = await licenceOf(name);
    paragraphs.push(`Files: node_modules/${name}/*\nCopyright: ${licence.holders.join('\n ')}\nLicense: ${licence.spdx}${licence.text ? `\n${fieldText(licence.text)}` : ''}`);
  }
  paragraphs.push([
    'License: GPL-2+',
    ' This program is free software; you can redistribute it and/or modify it under',
    ' the terms of the GNU General Public License as published by the Free Software',
    ' Foundation; either version 2 of the License, or (at your option) any later version.',
    ' .',
    ' This program is distributed in the hope that it will be useful, but WITHOUT ANY',
    ' WARRANTY; without even the implied warranty of MERCHANTABILITY or FITNESS FOR A',
    ' PARTICULAR PURPOSE. See the GNU General Public License for more details.',
    ' .',
    ' On Debian systems, the full text of the GNU General Public License version 2',
    ' can be found in the file /usr/share/common-licenses/GPL-2.',
  ].join('\n'));
  return `${paragraphs.join('\n\n')}\n`;
}
