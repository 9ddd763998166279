import { describe, expect, test } from '@jest/globals';
import { constraintRejects, effectiveIdPrefix, renderConstraint, sameConstraint } from '../../../src/lib/drbd/fence-constraint.js';
import { DEFAULT_SCORE_LEVELS, decidePromotionScore, parseScoreLevels } from '../../../src/lib/drbd/promotion-score.js';
import type { DerivedState } from '../../../src/lib/drbd/status.js';

const base: DerivedState = {
  primary: false, unconfigured: false, somePeerPrimary: false, haveQuorum: true, disklessClient: false,
  diskAllUpToDate: true, diskAllConsistent: true, diskTransitional: false, somePeerAllUpToDate: true,
  peerDisksAllUpToDate: true, peerDiskAnyUnknown: false, noAccessToUpToDateData: false,
};
const decide = (state: Partial<DerivedState>, extra: { removeIfPeerPrimary?: boolean; unexpectedPeerPrimary?: boolean } = {}) =>
  decidePromotionScore({ state: { ...base, ...state }, levels: DEFAULT_SCORE_LEVELS,
    removeIfPeerPrimary: extra.removeIfPeerPrimary ?? false, unexpectedPeerPrimary: extra.unexpectedPeerPrimary ?? false });

describe('promotion score (the reference rules, in order)', () => {
  test.each([
    ['UpToDate Primary', { primary: true }, { kind: 'set', value: 10000 }],
    ['UpToDate Secondary, peers known', {}, { kind: 'set', value: 10000 }],
    ['UpToDate Secondary, peer unknown', { peerDiskAnyUnknown: true, peerDisksAllUpToDate: false, somePeerAllUpToDate: false }, { kind: 'set', value: 1000 }],
    ['only the peer UpToDate', { diskAllUpToDate: false, diskAllConsistent: false }, { kind: 'set', value: 10 }],
    ['Consistent only (C = 0: removed)', { diskAllUpToDate: false, somePeerAllUpToDate: false, peerDisksAllUpToDate: false }, { kind: 'remove' }],
    ['transitional disk: unchanged', { diskAllUpToDate: false, diskTransitional: true, somePeerAllUpToDate: false }, { kind: 'keep' }],
    ['no quorum', { haveQuorum: false }, { kind: 'remove' }],
    ['not configured', { unconfigured: true }, { kind: 'remove' }],
    ['diskless client, peers UpToDate', { disklessClient: true }, { kind: 'set', value: 9999 }],
  ] as const)('%s', (_name, state, expected) => {
    expect(decide(state)).toMatchObject(expected);
  });

  test('a Secondary facing a healthy Primary loses its score with remove_master_score_if_peer_primary', () => {
    expect(decide({ somePeerPrimary: true }, { removeIfPeerPrimary: true })).toMatchObject({ kind: 'remove' });
    expect(decide({ somePeerPrimary: true })).toMatchObject({ kind: 'set', value: 10000 });
    expect(decide({ somePeerPrimary: true, primary: true }, { removeIfPeerPrimary: true })).toMatchObject({ kind: 'set' });
  });

  test('adjust_master_score: four non-decreasing numbers', () => {
    expect(parseScoreLevels('0 10 1000 10000')).toEqual(DEFAULT_SCORE_LEVELS);
    expect(parseScoreLevels('5 100 50 10000')).toBeUndefined();
    expect(parseScoreLevels('0 10 1000')).toBeUndefined();
    expect(parseScoreLevels('0 10 1000 -1')).toBeUndefined();
  });
});

describe('fencing constraint', () => {
  const spec = { idPrefix: 'drbd-fence-by-handler-r0', masterId: 'ms-r0', role: 'Promoted',
    allowed: [{ nodeId: 0, attribute: '#uname', value: 'node1' }] };

  test('the reference scripts\' text, ids included', () => {
    expect(renderConstraint(spec)).toBe('<rsc_location rsc="ms-r0" id="drbd-fence-by-handler-r0-ms-r0">\n'
      + ' <rule role="Promoted" score="-INFINITY" id="drbd-fence-by-handler-r0-rule-ms-r0">\n'
      + '  <expression attribute="#uname" operation="ne" value="node1" id="drbd-fence-by-handler-r0-expr-0-ms-r0"/>\n'
      + ' </rule>\n</rsc_location>\n');
    expect(renderConstraint({ ...spec, allowed: [{ nodeId: undefined, attribute: '#uname', value: 'a"b' }] }))
      .toContain('value="a&quot;b" id="drbd-fence-by-handler-r0-expr-ms-r0"');
  });

  test('id prefix gets the resource once', () => {
    expect(effectiveIdPrefix('drbd-fence-by-handler', 'r0')).toBe('drbd-fence-by-handler-r0');
    expect(effectiveIdPrefix('x-r0', 'r0')).toBe('x-r0');
  });

  test('comparison ignores ids and treats Master and Promoted alike; rejection by attribute value', () => {
    const existing = { id: 'x', role: 'Master', score: '-INFINITY', allowed: [{ attribute: '#uname', value: 'node1' }] };
    expect(sameConstraint(existing, spec)).toBe(true);
    expect(sameConstraint({ ...existing, allowed: [{ attribute: '#uname', value: 'node2' }] }, spec)).toBe(false);
    expect(constraintRejects(existing, new Map([['#uname', 'node2']]))).toBe(true);
    expect(constraintRejects(existing, new Map([['#uname', 'node1']]))).toBe(false);
  });
});
