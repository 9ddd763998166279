import { describe, expect, test } from '@jest/globals';
import { declareParameters, parseParameters, parseParameterValues, readAsOcfIsTrue } from '../../../src/lib/runtime/parameters.js';

const parameters = declareParameters([
  { name: 'xmfile', type: 'string', required: true, shortdesc: 'cfg', longdesc: 'config file' },
  { name: 'count', type: 'integer', default: 3, min: 1, max: 10, shortdesc: 'n', longdesc: 'a count' },
  { name: 'acpi', type: 'boolean', default: false, shortdesc: 'acpi', longdesc: 'use acpi' },
  { name: 'wait', type: 'time', shortdesc: 'wait', longdesc: 'how long' },
  { name: 'tool', type: 'enum', values: ['auto', 'xl', 'xm'], default: 'auto', shortdesc: 't', longdesc: 'toolstack' },
  { name: 'stop_timeout', type: 'integer', aliases: ['timeout'], shortdesc: 's', longdesc: 'seconds' },
  { name: 'password', type: 'string', secret: true, shortdesc: 'pw', longdesc: 'a password' },
]);

describe('parseParameters', () => {
  test('typed values from OCF_RESKEY_*, defaults for the rest', () => {
    const parsed = parseParameters(parameters, {
      OCF_RESKEY_xmfile: '/etc/xen/vm1.cfg', OCF_RESKEY_acpi: 'yes', OCF_RESKEY_wait: '2min', OCF_RESKEY_tool: 'xm',
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.values).toEqual({
      xmfile: '/etc/xen/vm1.cfg', count: 3, acpi: true, wait: 120_000, tool: 'xm', stop_timeout: undefined, password: undefined,
    });
    expect(parsed.given).toEqual({ xmfile: '/etc/xen/vm1.cfg', acpi: 'yes', wait: '2min', tool: 'xm' });
  });

  test('an empty value means "not set", as ${OCF_RESKEY_x:-default} does', () => {
    const parsed = parseParameters(parameters, { OCF_RESKEY_xmfile: '/f', OCF_RESKEY_count: '' });
    expect(parsed.values.count).toBe(3);
    expect(parsed.problems).toEqual([]);
  });

  test('a missing required parameter is named', () => {
    const parsed = parseParameters(parameters, {});
    expect(parsed.problems).toEqual([{ parameter: 'xmfile', message: 'required parameter "xmfile" is not set' }]);
    expect(parsed.values.xmfile).toBe('');
  });

  test('malformed values are reported and fall back to the default', () => {
    const parsed = parseParameters(parameters, {
      OCF_RESKEY_xmfile: '/f', OCF_RESKEY_count: 'many', OCF_RESKEY_acpi: 'perhaps', OCF_RESKEY_wait: 'soon', OCF_RESKEY_tool: 'xend',
    });
    expect(parsed.problems.map((p) => p.parameter)).toEqual(['count', 'acpi', 'wait', 'tool']);
    expect(parsed.problems[0].message).toBe('parameter "count" must be a whole number, not "many"');
    expect(parsed.problems[3].message).toBe('parameter "tool" must be one of auto, xl, xm, not "xend"');
    expect(parsed.values.count).toBe(3);
    expect(parsed.values.acpi).toBe(false);
    expect(parsed.values.wait).toBeUndefined();
    expect(parsed.values.tool).toBe('auto');
  });

  test('integer bounds', () => {
    const parsed = parseParameters(parameters, { OCF_RESKEY_xmfile: '/f', OCF_RESKEY_count: '11' });
    expect(parsed.problems[0].message).toBe('parameter "count" must be at most 10, not 11');
  });

  test('aliases are accepted under the old name', () => {
    const parsed = parseParameters(parameters, { OCF_RESKEY_xmfile: '/f', OCF_RESKEY_timeout: '40' });
    expect(parsed.values.stop_timeout).toBe(40);
  });

  test('the declared name wins over an alias', () => {
    const parsed = parseParameters(parameters, { OCF_RESKEY_xmfile: '/f', OCF_RESKEY_timeout: '40', OCF_RESKEY_stop_timeout: '7' });
    expect(parsed.values.stop_timeout).toBe(7);
  });
});

describe('values outside the grammar that the reference agent ran with', () => {
  const compatible = declareParameters([
    { name: 'cfg', type: 'string', grammar: { pattern: /^\//, describe: 'an absolute path' }, shortdesc: 'c', longdesc: 'c',
      referenceReading: (raw: string) => ({ value: raw, instead: 'write an absolute path' }) },
    { name: 'strict', type: 'string', grammar: { pattern: /^[a-z]+$/, describe: 'lower-case letters' }, shortdesc: 's', longdesc: 's' },
    { name: 'flag', type: 'boolean', default: true, referenceReading: readAsOcfIsTrue, shortdesc: 'f', longdesc: 'f' },
    { name: 'key', type: 'integer', secret: true, referenceReading: () => ({ value: 7, instead: 'write a number' }), shortdesc: 'k', longdesc: 'k' },
  ]);

  test('are used as the reference read them and listed apart from the problems', () => {
    const parsed = parseParameters(compatible, { OCF_RESKEY_cfg: 'vm1.cfg', OCF_RESKEY_flag: 'maybe', OCF_RESKEY_strict: 'abc' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.values).toEqual({ cfg: 'vm1.cfg', strict: 'abc', flag: false, key: undefined });
    expect(parsed.compatibility.map((c) => c.parameter)).toEqual(['cfg', 'flag']);
    expect(parsed.compatibility[0].message).toBe('parameter "cfg" must be an absolute path, not "vm1.cfg"; accepted for compatibility with the reference agent and read as "vm1.cfg": write an absolute path');
  });

  test('a grammar without a reading is a problem; a secret is never shown', () => {
    const parsed = parseParameters(compatible, { OCF_RESKEY_strict: 'ABC', OCF_RESKEY_key: 'S3CR3T' });
    expect(parsed.problems).toEqual([{ parameter: 'strict', message: 'parameter "strict" must be lower-case letters, not "ABC"' }]);
    expect(parsed.compatibility).toHaveLength(1);
    expect(parsed.compatibility[0].message).not.toContain('S3CR3T');
    expect(parsed.values.key).toBe(7);
  });
});

describe('parseParameterValues (values keyed by parameter name, as the fencing protocols deliver them)', () => {
  const specs = declareParameters([
    { name: 'hostlist', type: 'string', required: true, shortdesc: 'h', longdesc: 'h' },
    { name: 'stop_timeout', type: 'time', default: '30s', aliases: ['timeout'], shortdesc: 't', longdesc: 't' },
  ]);

  test('names and aliases, no OCF_RESKEY_ prefix, same rules', () => {
    const parsed = parseParameterValues(specs, { hostlist: 'a b', timeout: '5s' });
    expect(parsed.values).toEqual({ hostlist: 'a b', stop_timeout: 5000 });
    expect(parsed.problems).toEqual([]);
    expect(parseParameterValues(specs, { OCF_RESKEY_hostlist: 'a' }).problems[0].message).toBe('required parameter "hostlist" is not set');
    expect(parseParameterValues(specs, { hostlist: 'a', stop_timeout: 'soon' }).problems).toHaveLength(1);
  });
});
