import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseClusterStatus, type ClusterStatus } from '../../../src/lib/cluster/cluster-status.js';
import { parsePacemakerXml } from '../../../src/lib/cluster/pacemaker-xml.js';
import type { CommandOptions, CommandResult } from '../../../src/lib/exec/index.js';
import { XenhaBackend } from '../../../src/agents/fence-virtd/xenha-backend.js';
import { ClusterView, readClusterSnapshot, type ClusterSnapshot } from '../../../src/agents/fence-virtd/cluster-view.js';
import { FenceCommand, FenceResponse, FLAG_BY_UUID, type FenceRequest } from '../../../src/lib/fence-virt/protocol.js';
import { Deadline, Logger } from '../../../src/lib/runtime/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const log = new Logger({ env: {}, program: 'test', interactive: false, writeStderr: () => undefined });

function request(command: FenceCommand, domain = '', flags = 0): FenceRequest {
  return { command, hashType: 2, flags, domain, family: 2, address: '10.0.0.9', port: 1229, seqno: 1, hash: Buffer.alloc(64) };
}

function status(overrides: Partial<ClusterStatus> = {}): ClusterStatus {
  const xen = {
    agent: 'ocf:xenha:Xen', role: 'Started', targetRole: undefined, active: true, failed: false, blocked: false, managed: true,
    orphaned: false, pending: undefined, parents: [], group: undefined, clone: undefined,
  };
  const node = { online: true, standby: false, maintenance: false, unclean: false };
  return {
    dc: 'dom0a',
    nodes: [{ ...node, name: 'dom0a', isDc: true }, { ...node, name: 'dom0b', isDc: false }],
    failures: [],
    bans: [],
    history: [],
    resources: [
      { ...xen, id: 'vm1', nodes: ['dom0a'] },
      { ...xen, id: 'vm2', nodes: ['dom0b'] },
      { ...xen, id: 'vm3', nodes: [], role: 'Stopped', active: false },
      { ...xen, id: 'vm4', agent: 'ocf:heartbeat:Xen', nodes: [], role: 'Stopped', active: false, failed: true },
      { ...xen, id: 'web', agent: 'ocf:heartbeat:apache', nodes: ['dom0a'] },
      { ...xen, id: 'vmc', nodes: ['dom0a'], parents: ['xen-clone'], clone: 'xen-clone' },
    ],
    ...overrides,
  };
}

const settings = { operationTimeoutMs: 10_000, replayWindowMs: 60_000, domains: undefined };

const parseCrmMon = async (xml: string) => parseClusterStatus(await parsePacemakerXml(xml, 'crm_mon'));

describe('crm_mon XML (Pacemaker 2.1.5, captured)', () => {
  test('DC, nodes, and every primitive with its group or clone', async () => {
    const parsed = await parseCrmMon(readFileSync(join(fixtures, 'crm_mon-2.1.5.xml'), 'utf8'));
    expect(parsed.dc).toBe('node1');
    expect(parsed.nodes.filter((node) => node.online).map((node) => node.name)).toEqual(['node1']);
    expect(parsed.resources.map((p) => [p.id, p.agent, p.nodes, p.group, p.clone])).toEqual([
      ['d1', 'ocf:pacemaker:Dummy', ['node1'], undefined, undefined],
      ['vmx', 'ocf:xenha:Xen', [], undefined, undefined],
      ['g1a', 'ocf:pacemaker:Dummy', ['node1'], 'g1', undefined],
      ['c1d', 'ocf:pacemaker:Dummy', ['node1'], undefined, 'c1'],
    ]);
    expect(parsed.resources[1]).toMatchObject({ role: 'Stopped', active: false, failed: false });
  });
  test('output without a summary or without its DC element is incomplete, not "nothing runs"', async () => {
    await expect(parseCrmMon('<pacemaker-result><status code="102" message="Not connected"/></pacemaker-result>')).rejects.toThrow(/summary/);
    await expect(parseCrmMon('<pacemaker-result><summary/><nodes/><resources/></pacemaker-result>')).rejects.toThrow(/current_dc/);
  });
  test('no DC at the moment (election)', async () => {
    const parsed = await parseCrmMon('<pacemaker-result><summary><current_dc present="false"/></summary><nodes/><resources/></pacemaker-result>');
    expect(parsed.dc).toBeUndefined();
    expect(parsed.resources).toEqual([]);
  });
});

describe('one reading of the cluster (crm_mon and crm_node)', () => {
  const CRM_MON = readFileSync(join(fixtures, 'crm_mon-2.1.5.xml'), 'utf8');
  /** A stand-in for runCommand: `answers[tool]` is what that tool returns. */
  const fakeRun = (answers: Record<string, Partial<CommandResult>>) => async (command: string, args: readonly string[], _options: CommandOptions): Promise<CommandResult> => ({
    commandLine: [command, ...args].join(' '), stdout: '', stderr: '', exitCode: 0, signal: undefined, timedOut: false, startError: undefined, durationMs: 0,
    ...answers[command],
  });
  const read = (answers: Record<string, Partial<CommandResult>>, known?: string) =>
    readClusterSnapshot({ deadline: new Deadline(5000), run: fakeRun(answers) }, known);

  test('a complete status and this node\'s name', async () => {
    const snapshot = await read({ crm_mon: { stdout: CRM_MON }, crm_node: { stdout: 'node1\n' } });
    expect(snapshot).toMatchObject({ kind: 'ok', localNode: 'node1', status: { dc: 'node1' } });
  });
  test('Pacemaker not running here (exit 102) is "unavailable"', async () => {
    const snapshot = await read({ crm_mon: { exitCode: 102, stderr: 'Could not connect to the CIB: Transport endpoint is not connected' }, crm_node: { stdout: 'node1' } });
    expect(snapshot.kind).toBe('unavailable');
    if (snapshot.kind !== 'ok') expect(snapshot.detail).toMatch(/exited with 102: Could not connect to the CIB/);
  });
  test('a cut-short, incomplete or failed answer is "failed", never an empty cluster', async () => {
    for (const crmMon of [{ stdout: CRM_MON.slice(0, 600) }, { stdout: '<pacemaker-result><nodes/><status code="0" message="OK"/></pacemaker-result>' },
      { exitCode: 1, stderr: 'crm_mon: internal error' }, { exitCode: undefined, timedOut: true }]) {
      const snapshot = await read({ crm_mon: crmMon, crm_node: { stdout: 'node1' } });
      expect(snapshot.kind).toBe('failed');
    }
  });
  test('a node crm_node cannot name is "unavailable"; a name already known is not asked again', async () => {
    await expect(read({ crm_mon: { stdout: CRM_MON }, crm_node: { exitCode: 102 } })).resolves.toMatchObject({ kind: 'unavailable', detail: /crm_node --name/ });
    await expect(read({ crm_mon: { stdout: CRM_MON }, crm_node: { stdout: 'two words' } })).resolves.toMatchObject({ kind: 'unavailable' });
    await expect(read({ crm_mon: { stdout: CRM_MON }, crm_node: { exitCode: 102 } }, 'node1')).resolves.toMatchObject({ kind: 'ok', localNode: 'node1' });
  });
});

describe('which Dom0 answers', () => {
  const backend = new XenhaBackend(settings, log);
  test('the node where the guest runs, and only it', () => {
    expect(backend.decide(request(FenceCommand.Off, 'vm2'), status(), 'dom0b').kind).toBe('answer');
    expect(backend.decide(request(FenceCommand.Off, 'vm2'), status(), 'dom0a')).toMatchObject({ kind: 'elsewhere', responder: 'dom0b' });
  });
  test('the DC for a stopped guest, list, monitor, null and unknown domains', () => {
    for (const req of [request(FenceCommand.Status, 'vm3'), request(FenceCommand.HostList), request(FenceCommand.DevStatus),
      request(FenceCommand.Null, 'vm1'), request(FenceCommand.Off, 'nosuch')]) {
      expect(backend.decide(req, status(), 'dom0a').kind).toBe('answer');
      expect(backend.decide(req, status(), 'dom0b')).toMatchObject({ kind: 'elsewhere', responder: 'dom0a' });
    }
  });
  test('nobody answers while there is no DC and the guest runs nowhere', () => {
    for (const node of ['dom0a', 'dom0b']) {
      expect(backend.decide(request(FenceCommand.On, 'vm3'), status({ dc: undefined }), node)).toMatchObject({ kind: 'elsewhere', responder: undefined });
    }
  });
  test('a guest running on two nodes (a migration in progress) has one responder', () => {
    const twice = status();
    const moving = { ...twice.resources[0], nodes: ['dom0b', 'dom0a'] };
    const s = { ...twice, resources: [moving, ...twice.resources.slice(1)] };
    const answering = ['dom0a', 'dom0b'].filter((node) => backend.decide(request(FenceCommand.Off, 'vm1'), s, node).kind === 'answer');
    expect(answering).toEqual(['dom0a']);
  });
});

describe('what is refused', () => {
  const backend = new XenhaBackend(settings, log);
  test.each([
    ['nosuch', 0, FenceResponse.Fail, /unknown domain nosuch/],
    ['web', 0, FenceResponse.Fail, /web is ocf:heartbeat:apache, not a Xen guest/],
    ['vmc', 0, FenceResponse.Fail, /part of clone xen-clone/],
    ['-o', 0, FenceResponse.Fail, /not a domain name/],
    ['1ce02c4b-dfa1-42cb-b5b1-f0b1091ece60', FLAG_BY_UUID, FenceResponse.Fail, /UUID/],
  ])('%s', (domain, flags, response, reason) => {
    const target = backend.target(request(FenceCommand.Off, domain, flags), status());
    expect(target).toMatchObject({ kind: 'refused', response });
    if (target.kind === 'refused') expect(target.reason).toMatch(reason);
  });
  test('a domain map serves only its domains, through their resources', () => {
    const mapped = new XenhaBackend({ ...settings, domains: new Map([['guest1', 'vm1'], ['guest3', 'vm3']]) }, log);
    expect(mapped.target(request(FenceCommand.Off, 'vm2'), status())).toMatchObject({ kind: 'refused', response: FenceResponse.Permission });
    expect(mapped.target(request(FenceCommand.Off, 'guest1'), status())).toMatchObject({ kind: 'resource', resource: { id: 'vm1' } });
    expect(mapped.hostList(status())).toEqual([
      { domain: 'guest1', uuid: 'vm1', on: true },
      { domain: 'guest3', uuid: 'vm3', on: false },
    ]);
  });
});

describe('answers from the status', () => {
  const backend = new XenhaBackend(settings, log);
  const answer = (command: FenceCommand, domain: string) => {
    const decision = backend.decide(request(command, domain), status(), 'dom0a');
    if (decision.kind !== 'answer') throw new Error('not answered');
    return backend.execute(request(command, domain), decision);
  };
  test('status: on, off, unknown when failed and stopped', async () => {
    await expect(answer(FenceCommand.Status, 'vm1')).resolves.toEqual({ response: FenceResponse.Success });
    await expect(answer(FenceCommand.Status, 'vm3')).resolves.toEqual({ response: FenceResponse.Off });
    await expect(answer(FenceCommand.Status, 'vm4')).resolves.toEqual({ response: FenceResponse.Fail });
    await expect(answer(FenceCommand.Status, 'nosuch')).resolves.toEqual({ response: FenceResponse.Fail });
  });
  test('list: every Xen primitive not in a clone, sorted', async () => {
    await expect(answer(FenceCommand.HostList, '')).resolves.toEqual({
      response: FenceResponse.Success,
      hosts: [
        { domain: 'vm1', uuid: 'vm1', on: true }, { domain: 'vm2', uuid: 'vm2', on: true },
        { domain: 'vm3', uuid: 'vm3', on: false }, { domain: 'vm4', uuid: 'vm4', on: false },
      ],
    });
  });
  test('monitor succeeds, null fails (as fence_virtd)', async () => {
    await expect(answer(FenceCommand.DevStatus, '')).resolves.toEqual({ response: FenceResponse.Success });
    await expect(answer(FenceCommand.Null, 'vm1')).resolves.toEqual({ response: FenceResponse.Fail });
  });
});

describe('ClusterView shares readings but never serves one older than the question', () => {
  test('a burst costs two readings; a question asked during a reading waits for the next', async () => {
    let readings = 0;
    const releases: Array<() => void> = [];
    const snapshot: ClusterSnapshot = { kind: 'unavailable', detail: 'test' };
    const view = new ClusterView(log, () => {
      readings += 1;
      return new Promise((resolve) => releases.push(() => resolve(snapshot)));
    });
    const first = view.read();
    const burst = Array.from({ length: 20 }, () => view.read());
    expect(readings).toBe(1);
    releases[0]();
    await first;
    await new Promise((resolve) => setImmediate(resolve));
    expect(readings).toBe(2);
    releases[1]();
    await Promise.all(burst);
    expect(readings).toBe(2);
    const later = view.read();
    expect(readings).toBe(3);
    releases[2]();
    await later;
  });
});
