import { helperCommand } from '../../../src/agents/stonith-xen0-ha/helper-command.js';
import { parseLocateOutput } from '../../../src/lib/cluster/resource-role.js';

describe('the command sent to the Dom0', () => {
  it('is the helper path and the words, space-separated', () => {
    expect(helperCommand('/usr/lib/xenha/xen0-ha-helper', ['off', 'vm-1.example_2', '30'])).toBe('/usr/lib/xenha/xen0-ha-helper off vm-1.example_2 30');
  });
  it.each(['vm1;reboot', 'vm1 vm2', '$(id)', '`id`', 'vm1\n', "vm'1", '-rf', '', 'vm1&', 'a|b', '*'])('refuses the word %j', (word) => {
    expect(() => helperCommand('/usr/lib/xenha/xen0-ha-helper', ['off', word])).toThrow(/refusing to send/);
  });
  it('refuses a helper path a shell would interpret', () => {
    expect(() => helperCommand('helper', ['status'])).toThrow(/absolute path/);
    expect(() => helperCommand('/usr/lib/x;id', ['status'])).toThrow(/absolute path/);
  });
});

describe('crm_resource --locate output', () => {
  it('reads "is running on" lines (several for clones)', () => {
    expect(parseLocateOutput('resource vm1 is running on: dom0a\n', '')).toEqual({ kind: 'running', nodes: ['dom0a'] });
    expect(parseLocateOutput('resource c is running on: n1\nresource c is running on: n2 Promoted\n', '')).toEqual({ kind: 'running', nodes: ['n1', 'n2'] });
  });
  it('reads "is NOT running" from stderr (where crm_resource prints it, with exit 0)', () => {
    expect(parseLocateOutput('', 'resource vm1 is NOT running\n')).toEqual({ kind: 'stopped' });
  });
  it('gives up on anything else', () => {
    expect(parseLocateOutput('', 'Error performing operation')).toBeUndefined();
  });
});
