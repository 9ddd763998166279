import { describe, expect, test } from '@jest/globals';
import { parseRequest, RequestProblem } from '../../../src/agents/xen0-ha-helper/request.js';
import { parsePrimitiveAgent } from '../../../src/lib/cluster/resource-role.js';

const HELPER = '/usr/lib/xenha/xen0-ha-helper';
const noFile = (path: string): string => { throw Object.assign(new Error(path), { code: 'ENOENT' }); };

function problem(run: () => unknown): RequestProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof RequestProblem) return error;
    throw error;
  }
  throw new Error('no problem reported');
}

describe('parseRequest', () => {
  test('by hand: the words of argv, an optional allow-list', () => {
    expect(parseRequest(['off', 'vm1', '60'], {})).toMatchObject({ command: 'off', domu: 'vm1', timeoutWord: '60', forced: false, allowed: undefined });
    expect(problem(() => parseRequest(['--allow', 'vm2', 'off', 'vm1'], {})).kind).toBe('refused');
  });

  test('as a forced command: only SSH_ORIGINAL_COMMAND, and only the helper with plain words', () => {
    const env = (command: string) => ({ SSH_ORIGINAL_COMMAND: command });
    expect(parseRequest(['--allow', 'vm1,vm2'], env(`${HELPER} reset vm2 30`))).toMatchObject({ command: 'reset', domu: 'vm2', forced: true });
    expect(parseRequest(['--allow=vm1'], env('xen0-ha-helper status vm1'))).toMatchObject({ command: 'status', domu: 'vm1' });
    for (const command of ['', 'id', '/bin/sh -c id', `${HELPER} off vm1; id`, `${HELPER} off vm1 $(id)`, `/tmp/evil off vm1`, `${HELPER}`]) {
      expect(problem(() => parseRequest(['--allow', 'vm1'], env(command))).kind).toBe('refused');
    }
    expect(problem(() => parseRequest([], env(`${HELPER} off vm1`))).message).toContain('needs an allow-list');
    expect(problem(() => parseRequest(['--allow', 'vm1'], env(`${HELPER} off vm2`))).message)
      .toBe("vm2 is not in this key's allow-list: refusing to off it");
    expect(problem(() => parseRequest(['--allow', 'vm1', 'off', 'vm1'], env(`${HELPER} off vm1`))).kind).toBe('usage');
  });

  test('allow-list files: one name a line, comments; unreadable is an error', () => {
    const read = () => '# cluster A\nvm1\n  vm2 # the second\n';
    expect(parseRequest(['--allow-file', '/etc/xenha/allow'], { SSH_ORIGINAL_COMMAND: `${HELPER} on vm2` }, read).allowed)
      .toEqual(new Set(['vm1', 'vm2']));
    expect(problem(() => parseRequest(['--allow-file', '/nope'], { SSH_ORIGINAL_COMMAND: `${HELPER} on vm2` }, noFile)).message)
      .toBe('cannot read the allow-list /nope (ENOENT)');
    expect(problem(() => parseRequest(['--allow', 'vm1;x', 'on', 'vm1'], {})).kind).toBe('usage');
  });
});

describe('parsePrimitiveAgent (crm_resource --query-xml, Pacemaker 2.1)', () => {
  test('class, provider and type of the primitive', () => {
    expect(parsePrimitiveAgent('vm1\t(ocf:heartbeat:Xen):\t Stopped\nResource XML:\n<primitive id="vm1" class="ocf" provider="heartbeat" type="Xen">\n</primitive>\n'))
      .toEqual({ kind: 'agent', class: 'ocf', provider: 'heartbeat', type: 'Xen' });
    expect(parsePrimitiveAgent('Resource XML:\n<primitive id="fence1" class="stonith" type="external/ssh"/>\n'))
      .toEqual({ kind: 'agent', class: 'stonith', provider: undefined, type: 'external/ssh' });
    expect(parsePrimitiveAgent('Resource XML:\n<group id="g"/>\n')).toBeUndefined();
  });
});
