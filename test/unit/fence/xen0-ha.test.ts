import { helperCommand } from '../../../src/agents/stonith-xen0-ha/helper-command.js';
import { parseLocateXml } from '../../../src/lib/cluster/resource-role.js';
import { parsePacemakerXml } from '../../../src/lib/cluster/pacemaker-xml.js';

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

describe('crm_resource --locate --output-as=xml', () => {
  const answer = (body: string) => parsePacemakerXml(
    `<pacemaker-result api-version="2.25" request="crm_resource --locate">\n${body}\n  <status code="0" message="OK"/>\n</pacemaker-result>\n`, 'test');
  it('reads the <node> elements (several for clones, promoted marked by state)', async () => {
    expect(parseLocateXml(await answer('<nodes resource="vm1">\n    <node>dom0a</node>\n  </nodes>'), 'vm1'))
      .toEqual({ kind: 'running', nodes: ['dom0a'] });
    expect(parseLocateXml(await answer('<nodes resource="c"><node state="promoted">n2</node><node>n1</node></nodes>'), 'c'))
      .toEqual({ kind: 'running', nodes: ['n2', 'n1'] });
  });
  it('an empty node list is "stopped"', async () => {
    expect(parseLocateXml(await answer('<nodes resource="vm1"/>'), 'vm1')).toEqual({ kind: 'stopped' });
  });
  it('gives up on anything else (another resource, no list, a node without a name)', async () => {
    expect(parseLocateXml(await answer('<nodes resource="vm2"/>'), 'vm1')).toBeUndefined();
    expect(parseLocateXml(await answer(''), 'vm1')).toBeUndefined();
    expect(parseLocateXml(await answer('<nodes resource="vm1"><node/></nodes>'), 'vm1')).toBeUndefined();
  });
});
