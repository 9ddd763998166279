import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMetadataXml } from '../../../src/lib/ocf/metadata-xml.js';
import { declareParameters } from '../../../src/lib/runtime/parameters.js';

const agent = {
  name: 'Example',
  version: '2.0',
  shortdesc: 'An example <agent> & friends',
  longdesc: 'Long "description".',
  parameters: declareParameters([
    { name: 'file', type: 'string', required: true, unique: true, shortdesc: 'File', longdesc: 'A file.', default: '/etc/x' },
    { name: 'count', type: 'integer', default: 2, min: 0, shortdesc: 'Count', longdesc: 'How many.' },
    { name: 'flag', type: 'boolean', default: false, shortdesc: 'Flag', longdesc: 'A flag.' },
    { name: 'wait', type: 'time', default: '30s', reloadable: true, shortdesc: 'Wait', longdesc: 'How long.' },
    { name: 'tool', type: 'enum', values: ['xl', 'xm'], shortdesc: 'Tool', longdesc: 'Which one.', aliases: ['toolstack'] },
  ]),
  actions: [
    { name: 'start', timeout: '60s' },
    { name: 'monitor', timeout: '30s', interval: '10s', depth: 0 },
    { name: 'monitor', timeout: '30s', interval: '11s', role: 'Promoted' },
    { name: 'meta-data', timeout: '5s' },
  ] as const,
};

function hasXmllint(): boolean {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('renderMetadataXml', () => {
  const xml = renderMetadataXml(agent);

  test('starts with the XML declaration and the ra-api-1.dtd DOCTYPE', () => {
    expect(xml.split('\n').slice(0, 2)).toEqual(['<?xml version="1.0"?>', '<!DOCTYPE resource-agent SYSTEM "ra-api-1.dtd">']);
  });

  test('escapes text and attributes', () => {
    expect(xml).toContain('<shortdesc lang="en">An example &lt;agent&gt; &amp; friends</shortdesc>');
    expect(xml).toContain('Long &quot;description&quot;.');
  });

  test('types: time and enum are strings (the DTD and the RNG share no other form), others as declared', () => {
    expect(xml).toContain('<content type="string" default="/etc/x" />');
    expect(xml).toContain('<content type="integer" default="2" />');
    expect(xml).toContain('<content type="boolean" default="false" />');
    expect(xml).toContain('<content type="string" default="30s" />');
    expect(xml).toContain('Allowed values: xl, xm.');
    // reload is explained once, in the agent's description, not on every parameter
    expect(xml).not.toContain('Can be changed without restarting the resource (reload).');
    expect(xml.match(/Reload: /g)).toHaveLength(1);
    expect(xml).toContain('Also accepted as: toolstack.');
  });

  test('required and unique flags', () => {
    expect(xml).toContain('<parameter name="file" unique="1" required="1">');
    expect(xml).toContain('<parameter name="count" unique="0" required="0">');
  });

  test('actions with interval, depth and role', () => {
    expect(xml).toContain('<action name="monitor" timeout="30s" interval="10s" depth="0" />');
    expect(xml).toContain('<action name="monitor" timeout="30s" interval="11s" role="Promoted" />');
  });

  test('refuses an agent without parameters (metadata.rng requires one)', () => {
    expect(() => renderMetadataXml({ ...agent, parameters: [] })).toThrow(/at least one parameter/);
  });

  (hasXmllint() ? test : test.skip)('valid against ra-api-1.dtd and metadata.rng', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenha-md-'));
    try {
      const file = join(dir, 'Example.xml');
      writeFileSync(file, xml);
      execFileSync('sh', ['-c', 'cd /usr/share/resource-agents && xmllint --noout --valid - < "$1"', 'sh', file], { stdio: 'pipe' });
      execFileSync('xmllint', ['--noout', '--relaxng', '/usr/share/resource-agents/metadata.rng', file], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
