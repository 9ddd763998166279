import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFenceAgentProtocol, parseFenceAgentArgs, parseFenceAgentStdin, protocolFor } from '../../../src/lib/fence/index.js';
import { flagIsSet } from '../../../src/lib/fence/fence-agents-options.js';
import { fakeParameters, makeFakeDevice, type FakeDeviceOptions, type FakeHost } from './fake-device.js';
import { captureIo } from './io.js';

const lockDir = mkdtempSync(join(tmpdir(), 'fence-fa-'));

async function fa(argv: string[], stdin = '', options: FakeDeviceOptions = {}, hosts: Record<string, FakeHost> = {
  node1: { state: 'on', lagPolls: 1 },
  node2: { state: 'off', lagPolls: 0 },
}) {
  const device = makeFakeDevice(hosts, options);
  const io = captureIo(argv, { XENHA_LOCK_DIR: lockDir }, stdin);
  const code = await runFenceAgentProtocol(device.plugin, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join(''), calls: device.calls, hosts: device.hosts };
}

describe('protocolFor', () => {
  it('speaks fence-agents under a fence_* name and cluster-glue otherwise', () => {
    expect(protocolFor('/usr/sbin/fence_xenha_ssh')).toBe('fence-agents');
    expect(protocolFor('/usr/lib/stonith/plugins/external/ssh')).toBe('cluster-glue');
    expect(protocolFor(undefined)).toBe('cluster-glue');
  });
});

describe('fence-agents options', () => {
  it('reads key=value lines, skipping comments and blanks, with port/option aliases', () => {
    const parsed = parseFenceAgentStdin('# comment\n\naction=reboot\nport=node1\nhostlist = a b \ntimeout=5\nnodeid=2\nbogus=secret\n', { parameters: fakeParameters });
    // an alias (timeout) is stored under the parameter's name
    expect(parsed.values).toEqual({ action: 'reboot', plug: 'node1', hostlist: 'a b', op_timeout: '5' });
    expect(parsed.ignored).toEqual(['line 8: unknown option "bogus" (ignored)']);
    expect(parsed.problems).toEqual([]);
  });
  it('reads -o/-n, --name value, --name=value and boolean flags', () => {
    const parsed = parseFenceAgentArgs(['-o', 'off', '-nnode2', '--hostlist', 'node1 node2', '--op-timeout=4s', '--verbose-device', '-v'], { parameters: fakeParameters });
    expect(parsed.problems).toEqual([]);
    expect(parsed.values).toEqual({ action: 'off', plug: 'node2', hostlist: 'node1 node2', op_timeout: '4s', verbose_device: '1', verbose: '1' });
  });
  it('refuses secrets on the command line, unknown options and stray words', () => {
    const parsed = parseFenceAgentArgs(['--password', 'hunter2', '--nope', 'x', '-z'], { parameters: fakeParameters });
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems.join('\n')).toMatch(/password must not be given on the command line/);
    expect(parsed.problems.join('\n')).not.toContain('hunter2');
    expect(parsed.problems.join('\n')).toMatch(/unknown option --nope/);
    expect(parsed.problems.join('\n')).toMatch(/unexpected argument \(options are/);
    expect(parsed.problems.join('\n')).toMatch(/unknown option -z/);
  });
});

describe('fence-agents protocol', () => {
  it('reboot from stdin: Success: Rebooted, exit 0, after a confirmed cycle', async () => {
    const result = await fa([], 'action=reboot\nplug=NODE1\nhostlist=node1 node2\n');
    expect(result).toMatchObject({ code: 0, stdout: 'Success: Rebooted\n' });
    expect(result.calls.filter((c) => !c.startsWith('status'))).toEqual(['off node1', 'on node1']);
  });
  it('the default action is reboot and nodename names the host when plug is absent', async () => {
    const result = await fa([], 'nodename=node1\nhostlist=node1\n');
    expect(result).toMatchObject({ code: 0, stdout: 'Success: Rebooted\n' });
  });
  it('off and on print fence-agents messages', async () => {
    expect(await fa(['-o', 'off', '-n', 'node1', '--hostlist=node1'])).toMatchObject({ code: 0, stdout: 'Success: Powered OFF\n' });
    expect(await fa(['-o', 'on', '-n', 'node2', '--hostlist=node2'])).toMatchObject({ code: 0, stdout: 'Success: Powered ON\n' });
  });
  it('status: 0 and "Status: ON" for on, 2 and "Status: OFF" for off', async () => {
    expect(await fa(['-o', 'status', '-n', 'node1', '--hostlist=node1 node2'])).toMatchObject({ code: 0, stdout: 'Status: ON\n' });
    expect(await fa(['-o', 'status', '-n', 'node2', '--hostlist=node1 node2'])).toMatchObject({ code: 2, stdout: 'Status: OFF\n' });
  });
  it('list prints plug,alias lines; monitor checks the device', async () => {
    expect(await fa(['-o', 'list', '--hostlist=node1,node2'])).toMatchObject({ code: 0, stdout: 'node1,\nnode2,\n' });
    expect((await fa([], 'action=monitor\nhostlist=node1\n')).code).toBe(0);
    const broken = await fa([], 'action=monitor\nhostlist=broken\n');
    expect(broken.code).toBe(3);
    expect(broken.stderr).toMatch(/Failed: device unreachable/);
  });
  it('a stuck host: "timed out" on stderr and EC_WAITING_OFF', async () => {
    const result = await fa([], 'action=off\nplug=node1\nhostlist=node1\nop_timeout=1\n', {}, { node1: { state: 'on', lagPolls: 0, stuck: true }, node2: { state: 'on', lagPolls: 0 } });
    expect(result.code).toBe(7);
    expect(result.stderr).toMatch(/Failed: timed out after/);
  });
  it('a host not in the hostlist: EC_STATUS and no device call', async () => {
    const result = await fa([], 'action=reboot\nplug=node9\nhostlist=node1\n');
    expect(result.code).toBe(8);
    expect(result.calls).toEqual([]);
  });
  it('no host at all is a usage failure', async () => {
    const result = await fa([], 'action=off\nhostlist=node1\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no host given/);
  });
  it('on is refused by a device without power on', async () => {
    const result = await fa([], 'action=on\nplug=node1\nhostlist=node1\n', { withOn: false });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unsupported action 'on'/);
  });
  it('an unknown action says "Unrecognised action"', async () => {
    const result = await fa(['-o', 'explode', '--hostlist=node1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unrecognised action 'explode'/);
  });
  it('validate-all: 0 for a good configuration, 1 with the reason otherwise', async () => {
    expect((await fa([], 'action=validate-all\nhostlist=node1\n')).code).toBe(0);
    const bad = await fa([], 'action=validate-all\nop_timeout=later\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/required parameter "hostlist" is not set/);
    expect(bad.stderr).toMatch(/parameter "op_timeout" must be a time/);
  });
  it('metadata, help and version need no configuration', async () => {
    const meta = await fa(['-o', 'metadata']);
    expect(meta.code).toBe(0);
    expect(meta.stdout).toMatch(/^<\?xml version="1.0" \?>\n<resource-agent name="fence_xenha_fake" shortdesc="fake device">/);
    expect((await fa(['--help'])).stdout).toMatch(/^Usage: fence_xenha_fake/);
    expect((await fa(['-V'])).stdout).toBe('fence_xenha_fake 0.1\n');
  });
  it('a secret on the command line is refused and not echoed', async () => {
    const result = await fa(['-o', 'off', '-n', 'node1', '--hostlist=node1', '--password=hunter2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/must not be given on the command line/);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.calls).toEqual([]);
  });
  it('secrets from stdin never reach stderr', async () => {
    const result = await fa([], 'action=off\nplug=hunter2\nhostlist=node1\npassword=hunter2\n');
    expect(result.code).toBe(8);
    expect(result.stderr).not.toContain('hunter2');
  });
});

describe('fence-agents standard options and actions', () => {
  async function run(argv: string[], stdin = '', extra: Record<string, unknown> = {}) {
    const device = makeFakeDevice({ node1: { state: 'on', lagPolls: 0 }, node2: { state: 'off', lagPolls: 0 } });
    const plugin = { ...device.plugin, hostListParameter: 'hostlist', fenceAgentOptions: { login_timeout: 'op_timeout', password: 'password' }, ...extra };
    const io = captureIo(argv, { XENHA_LOCK_DIR: lockDir }, stdin);
    const code = await runFenceAgentProtocol(plugin, io);
    return { code, stdout: io.out.join(''), stderr: io.err.join(''), calls: device.calls };
  }
  it('a malformed stdin line is reported by line number and key, never by its content (issue 9.7)', async () => {
    const result = await run([], 'action=status\nplug=node1\nhostlist=node1\npassword S3CR3T\nS3CR3T-alone\nS3CR3T here=x\n');
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('S3CR3T');
    expect(result.stderr).toContain('line 4: "password" has no "=" (ignored; write password=VALUE)');
    expect(result.stderr).toContain('line 5: not a key=value line (ignored)');
    expect(result.stderr).toContain('line 6: unknown option (ignored)');
  });
  it('without hostlist (pcmk_host_list chose the device) the plug is the host; list says what is missing', async () => {
    const reboot = await run([], 'action=reboot\nplug=node1\n');
    expect(reboot).toMatchObject({ code: 0, stdout: 'Success: Rebooted\n' });
    const bad = await run([], 'action=reboot\nplug=-rf\n');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('the plug is not a host name');
    const list = await run(['-o', 'list']);
    expect(list.code).toBe(1);
    expect(list.stderr).toContain('no hostlist configured');
    const monitor = await run(['-o', 'monitor']);
    expect(monitor.code).toBe(0);
  });
  it('standard options work on the command line and on stdin: login_timeout, -p refused on the command line', async () => {
    const viaArgs = await run(['-o', 'status', '-n', 'node2', '--hostlist=node1,node2', '--login-timeout=2']);
    expect(viaArgs).toMatchObject({ code: 2, stdout: 'Status: OFF\n' });
    const viaStdin = await run([], 'action=status\nport=node2\nhostlist=node1,node2\nlogin_timeout=2\n');
    expect(viaStdin).toMatchObject({ code: 2, stdout: 'Status: OFF\n' });
    const secret = await run(['-o', 'status', '-n', 'node2', '-p', 'hunter2']);
    expect(secret.code).toBe(1);
    expect(secret.stderr).not.toContain('hunter2');
  });
  it('list-status prints plug,alias,status; delay and power_wait are honoured; retry_on is checked', async () => {
    const listStatus = await run(['-o', 'list-status', '--hostlist', 'node1 node2']);
    expect(listStatus).toMatchObject({ code: 0, stdout: 'node1,,ON\nnode2,,OFF\n' });
    const started = performance.now();
    const delayed = await run([], 'action=off\nplug=node1\nhostlist=node1\ndelay=1\npower_wait=0.3\n');
    expect(delayed).toMatchObject({ code: 0, stdout: 'Success: Powered OFF\n' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1200);
    const hugeDelay = await run(['-o', 'validate-all', '--hostlist', 'node1', '--delay', '3600']);
    expect(hugeDelay.code).toBe(1);
    expect(hugeDelay.stderr).toContain('delay must be at most 600 seconds');
    const badRetry = await run(['-o', 'validate-all', '--hostlist', 'node1', '--retry-on', 'many']);
    expect(badRetry.code).toBe(1);
    expect(badRetry.stderr).toContain('retry_on must be a whole number');
  });
  it('-h lists the options with getopt forms, how to switch a boolean off, and only actions that work', async () => {
    const noOn = makeFakeDevice({}, { withOn: false }).plugin;
    const help = await run(['-h'], '', { on: noOn.on });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('-o, --action=[action]');
    expect(help.stdout).toContain('--login-timeout=[seconds]');
    expect(help.stdout).toContain('--name=false (or 0, no, off) switches it off');
    expect(help.stdout).toMatch(/Actions \(-o\): off, reboot, status, list, list-status, monitor, metadata, manpage, validate-all;/);
  });
  it('manpage is a man page of the same table', async () => {
    const page = await run(['-o', 'manpage']);
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^\.TH FENCE_XENHA_FAKE 8/);
    expect(page.stdout).toContain('.B \\-o, \\-\\-action=[action]');
  });
});


describe('flag options (verbose, help, version) as fencing.py reads them', () => {
  it('are set by 1, yes, on, true in any case, and by nothing else (not ocf_is_true\'s "ja")', () => {
    for (const word of ['1', 'yes', 'Yes', 'ON', 'True', 'tRuE']) expect(flagIsSet(word)).toBe(true);
    for (const word of [undefined, '', '0', 'no', 'off', 'ja', 'y', 'enabled']) expect(flagIsSet(word)).toBe(false);
  });
});
