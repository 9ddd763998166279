import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Logger } from '../../../src/lib/ocf/index.js';
import { runGlueProtocol } from '../../../src/lib/fence/index.js';
import { makeFakeDevice, type FakeHost } from './fake-device.js';
import { captureIo } from './io.js';

const lockDir = mkdtempSync(join(tmpdir(), 'fence-glue-'));

async function glue(argv: string[], env: Record<string, string>, options: Parameters<typeof makeFakeDevice>[1] = {}, hosts: Record<string, FakeHost> = {
  node1: { state: 'on', lagPolls: 1 },
  node2: { state: 'on', lagPolls: 0 },
}) {
  const device = makeFakeDevice(hosts, options);
  const io = captureIo(argv, { XENHA_LOCK_DIR: lockDir, ...env });
  const log = new Logger({ env: io.env, program: 'external/fake', interactive: false, writeStderr: io.stderr });
  const code = await runGlueProtocol(device.plugin, io, log);
  return { code, stdout: io.out.join(''), stderr: io.err.join(''), calls: device.calls, hosts: device.hosts };
}

describe('cluster-glue protocol: information actions', () => {
  it('getconfignames lists the required parameters, one per line', async () => {
    const result = await glue(['getconfignames'], {});
    expect(result).toMatchObject({ code: 0, stdout: 'hostlist\n' });
  });
  it('getinfo-* print the declaration, without needing parameters', async () => {
    expect((await glue(['getinfo-devid'], {})).stdout).toBe('fake device\n');
    expect((await glue(['getinfo-devname'], { hostlist: 'a' })).stdout).toBe('fake device for a\n');
    // reflowed and wrapped as meta-data descriptions are
    expect((await glue(['getinfo-devdescr'], {})).stdout).toBe('A fake device for tests\n');
    expect((await glue(['getinfo-devurl'], {})).stdout).toBe('http://example.invalid\n');
  });
  it('getinfo-xml is a <parameters> block with every parameter, no default for secrets', async () => {
    const { code, stdout } = await glue(['getinfo-xml'], {});
    expect(code).toBe(0);
    expect(stdout.startsWith('<parameters>\n')).toBe(true);
    expect(stdout.trimEnd().endsWith('</parameters>')).toBe(true);
    expect(stdout).toContain('<parameter name="hostlist" unique="1" required="1">');
    expect(stdout).toContain('<parameter name="password" unique="0" required="0">\n<content type="string" />');
    expect(stdout).toContain('<content type="string" default="3s" />');
    expect(stdout).toContain('Also accepted as: timeout.');
  });
  it('gethosts prints the hostlist one per line, as configured', async () => {
    expect(await glue(['gethosts'], { hostlist: 'node1,Node2 node3' })).toMatchObject({ code: 0, stdout: 'node1\nNode2\nnode3\n' });
  });
  it('gethosts without a hostlist fails with a reason', async () => {
    const result = await glue(['gethosts'], {});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/required parameter "hostlist" is not set/);
  });
  it('an unknown action fails', async () => {
    const result = await glue(['poweroff', 'node1'], { hostlist: 'node1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown action "poweroff"/);
  });
});

describe('cluster-glue protocol: power actions', () => {
  it('reset without a device reset is off, confirmed, then on, confirmed', async () => {
    const result = await glue(['reset', 'NODE1'], { hostlist: 'node1 node2' });
    expect(result.code).toBe(0);
    expect(result.calls.filter((c) => !c.startsWith('status'))).toEqual(['off node1', 'on node1']);
    expect(result.hosts.node1.state).toBe('on');
  });
  it('off succeeds only once status shows the host off', async () => {
    const result = await glue(['off', 'node1'], { hostlist: 'node1 node2' });
    expect(result.code).toBe(0);
    expect(result.calls).toEqual(['off node1', 'status node1', 'status node1']);
    expect(result.hosts.node1.state).toBe('off');
  });
  it('a host that never goes off is a failure, reported with the last status', async () => {
    const result = await glue(['off', 'node1'], { hostlist: 'node1', op_timeout: '1s' }, {}, { node1: { state: 'on', lagPolls: 0, stuck: true } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/timed out after .* waiting for node1 to be confirmed OFF \(last: status on\)/);
  });
  it('a host not in the hostlist is refused without touching the device', async () => {
    const result = await glue(['reset', 'node9'], { hostlist: 'node1 node2' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/host "node9" is not controlled by this device \(hostlist: node1, node2\)/);
    expect(result.calls).toEqual([]);
  });
  it('a missing or extra host argument is an error', async () => {
    expect((await glue(['off'], { hostlist: 'node1' })).stderr).toMatch(/off needs a host name/);
    expect((await glue(['off', 'node1', 'node2'], { hostlist: 'node1 node2' })).stderr).toMatch(/takes one host name/);
  });
  it('parameters arrive by alias (timeout for op_timeout)', async () => {
    const result = await glue(['off', 'node1'], { hostlist: 'node1', timeout: '1' }, {}, { node1: { state: 'on', lagPolls: 0, stuck: true } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/timed out after (0\.\d|1\.\d) s/);
  });
  it('status checks the device', async () => {
    expect((await glue(['status'], { hostlist: 'node1' })).code).toBe(0);
    const broken = await glue(['status'], { hostlist: 'broken' });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/device unreachable/);
  });
  it('invalid parameters fail power actions with the reason', async () => {
    const result = await glue(['reset', 'node1'], { hostlist: 'node1', op_timeout: 'soon' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/parameter "op_timeout" must be a time/);
  });
  it('never writes a secret to the log', async () => {
    const result = await glue(['reset', 'node9'], { hostlist: 'node1 s3cr3t', password: 's3cr3t' });
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('s3cr3t');
    expect(result.stderr).toContain('****');
    expect(result.stdout).not.toContain('s3cr3t');
  });
  // external.so reads these actions with fgets and sleeps 1 s whenever fgets returns nothing:
  // a last line without its newline arrives with the end of the output, and costs no second.
  it('status and power actions end their output with the outcome, without a newline', async () => {
    expect(await glue(['status'], { hostlist: 'node1' })).toMatchObject({ code: 0, stdout: 'status: ok' });
    expect(await glue(['off', 'node1'], { hostlist: 'node1 node2' })).toMatchObject({ code: 0, stdout: 'off of node1: success' });
    expect(await glue(['reset', 'node9'], { hostlist: 'node1 node2' }))
      .toMatchObject({ code: 1, stdout: 'reset node9 failed: host "node9" is not controlled by this device (hostlist: node1, node2)' });
    // data actions keep their lines, each with its newline
    expect((await glue(['gethosts'], { hostlist: 'node1' })).stdout).toBe('node1\n');
  });
});
