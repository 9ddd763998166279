import { describe, expect, test } from '@jest/globals';
import { DrbdOutputError, parseEvents2 } from '../../../src/lib/drbd/events2.js';
import { parseShStatus } from '../../../src/lib/drbd/sh-status.js';
import { deriveState } from '../../../src/lib/drbd/status.js';
import { parseDrbdadmVersion, versionCode } from '../../../src/lib/drbd/version.js';

const CONNECTED_PRIMARY = `exists resource name:r0 role:Primary suspended:no force-io-failures:no may_promote:no promotion_score:10101
exists connection name:r0 peer-node-id:1 conn-name:node2 connection:Connected role:Secondary
exists path name:r0 peer-node-id:1 conn-name:node2 local:ipv4:10.0.0.1:7789 peer:ipv4:10.0.0.2:7789 established:yes
exists device name:r0 volume:0 minor:0 backing_dev:/dev/vg/r0 disk:UpToDate client:no open:yes quorum:yes
exists peer-device name:r0 peer-node-id:1 conn-name:node2 volume:0 replication:Established peer-disk:UpToDate peer-client:no resync-suspended:no
exists -
`;

describe('parseEvents2', () => {
  test('a connected Primary with an UpToDate peer', () => {
    const state = parseEvents2(CONNECTED_PRIMARY, 'r0');
    expect(state).toMatchObject({ configured: true, role: 'Primary', source: 'events2' });
    expect(state.peers).toEqual([{ nodeId: 1, name: 'node2', connection: 'Connected', role: 'Secondary',
      volumes: [{ volume: 0, disk: 'UpToDate', client: false, replication: 'Established' }] }]);
    const derived = deriveState(state);
    expect(derived).toMatchObject({ primary: true, diskAllUpToDate: true, peerDisksAllUpToDate: true, peerDiskAnyUnknown: false, noAccessToUpToDateData: false });
  });

  test('lines of other resources are ignored; no resource line means down', () => {
    const state = parseEvents2(CONNECTED_PRIMARY, 'r1');
    expect(state.configured).toBe(false);
    expect(deriveState(state).unconfigured).toBe(true);
  });

  test('output without "exists -" is incomplete: an error, never down', () => {
    expect(() => parseEvents2('exists resource name:r0 role:Secondary\n', 'r0')).toThrow(DrbdOutputError);
    expect(() => parseEvents2('', 'r0')).toThrow(DrbdOutputError);
  });

  test('a disconnected peer is unknown; a failed disk on a Primary has no access to UpToDate data', () => {
    const text = CONNECTED_PRIMARY.replace('connection:Connected role:Secondary', 'connection:Connecting role:Unknown')
      .replace('peer-disk:UpToDate', 'peer-disk:DUnknown').replace('disk:UpToDate client', 'disk:Failed client');
    const derived = deriveState(parseEvents2(text, 'r0'));
    expect(derived).toMatchObject({ peerDiskAnyUnknown: true, peerDisksAllUpToDate: false, diskAllUpToDate: false, noAccessToUpToDateData: true });
  });
});

describe('parseShStatus', () => {
  test('configured and unconfigured blocks as drbdsetup 8.4 prints them', () => {
    const configured = '_minor=0\n_res_name=r0\n_volume=0\n_known=Configured\n\n_cstate=WFConnection\n_role=Secondary\n_peer=Unknown\n'
      + '_disk=UpToDate\n_pdsk=DUnknown\n\n_flags_susp=\n_resynced_percent=\n\n_sh_status_process\n\n\n';
    const state = parseShStatus(configured, 'r0');
    expect(state).toMatchObject({ configured: true, role: 'Secondary', source: 'sh-status' });
    expect(deriveState(state)).toMatchObject({ diskAllUpToDate: true, peerDiskAnyUnknown: true });
    const down = '_minor=0\n_res_name=r0\n_volume=0\n_known=Unconfigured\n\n_cstate=Unconfigured\n_role=\n\n_sh_status_process\n';
    expect(parseShStatus(down, 'r0').configured).toBe(false);
  });

  test('values are data: a shell expansion in a value is not evaluated', () => {
    const text = '_res_name=r0\n_known=Configured\n_cstate=Connected\n_role=$(reboot)\n_disk=UpToDate\n_sh_status_process\n';
    expect(parseShStatus(text, 'r0').role).toBe('Unknown');
  });

  test('no _sh_status_process line is an error', () => {
    expect(() => parseShStatus('_known=Configured\n', 'r0')).toThrow(DrbdOutputError);
  });
});

describe('versions', () => {
  test('drbdadm --version assignments', () => {
    expect(parseDrbdadmVersion('DRBDADM_API_VERSION=2\nDRBD_KERNEL_VERSION_CODE=0x09020c\nDRBD_KERNEL_VERSION=9.2.12\nDRBDADM_VERSION=9.22.0\n'))
      .toEqual({ kernelCode: 0x09020c, kernelVersion: '9.2.12', utilsVersion: '9.22.0' });
    expect(parseDrbdadmVersion('DRBD_KERNEL_VERSION_CODE=0x000000\nDRBD_KERNEL_VERSION=0\n').kernelCode).toBe(0);
  });

  test('x.y.z only', () => {
    expect(versionCode('8.4.11')).toBe(0x08040b);
    expect(versionCode('10.0.0')).toBe(0x0a0000);
    expect(versionCode('9.2')).toBeUndefined();
    expect(versionCode('9.2.x')).toBeUndefined();
  });
});
