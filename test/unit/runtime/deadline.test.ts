import { describe, expect, test } from '@jest/globals';
import { Deadline } from '../../../src/lib/runtime/deadline.js';

function fakeClock(start = 1000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

describe('Deadline', () => {
  test('counts down on its clock and never goes negative', () => {
    const clock = fakeClock();
    const deadline = new Deadline(5000, clock.now);
    expect(deadline.remainingMs()).toBe(5000);
    clock.advance(4000);
    expect(deadline.remainingMs()).toBe(1000);
    expect(deadline.expired).toBe(false);
    clock.advance(2000);
    expect(deadline.remainingMs()).toBe(0);
    expect(deadline.expired).toBe(true);
  });

  test('sub-deadlines are bounded by the parent and keep a reserve', () => {
    const clock = fakeClock();
    const deadline = new Deadline(10_000, clock.now);
    expect(deadline.sub(3000).remainingMs()).toBe(3000);
    expect(deadline.sub(60_000).remainingMs()).toBe(10_000);
    expect(deadline.sub(60_000, 4000).remainingMs()).toBe(6000);
    expect(deadline.sub(60_000, 20_000).remainingMs()).toBe(0);
  });

  test('forAction keeps a margin to report failure before Pacemaker kills the process', () => {
    const deadline = Deadline.forAction(20_000, 0);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(19_000);
    expect(deadline.remainingMs()).toBeGreaterThan(18_000);
    // short timeouts keep a tenth, not a fixed half second
    expect(Deadline.forAction(1000, 0).remainingMs()).toBeLessThanOrEqual(900);
  });

  test('forAction subtracts the time the process has already used', () => {
    expect(Deadline.forAction(20_000, 5000).remainingMs()).toBeLessThanOrEqual(14_000);
  });

  test('sleep is cut short at the deadline', async () => {
    const deadline = new Deadline(50);
    const started = performance.now();
    const full = await deadline.sleep(60_000);
    expect(full).toBe(false);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test('pollUntil returns the first defined result', async () => {
    const deadline = new Deadline(10_000);
    let calls = 0;
    const result = await deadline.pollUntil(async () => (++calls === 3 ? 'done' : undefined), 1);
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  test('pollUntil gives up at the deadline, after one last check', async () => {
    const deadline = new Deadline(30);
    let calls = 0;
    const result = await deadline.pollUntil(async () => { calls += 1; return undefined; }, 10);
    expect(result).toBeUndefined();
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  test('pollUntil checks once even when already expired', async () => {
    const deadline = new Deadline(0);
    let calls = 0;
    expect(await deadline.pollUntil(async () => { calls += 1; return 'now'; }, 10)).toBe('now');
    expect(calls).toBe(1);
  });
});
