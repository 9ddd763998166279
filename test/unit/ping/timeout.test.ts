import { describe, expect, test } from '@jest/globals';
import { deriveTimeoutSeconds, TimeoutSyntaxError } from '../../../src/agents/ping/timeout.js';

const derive = (timeout: string | undefined, hostCount = 3, attempts = 3, operationTimeoutMs?: number) =>
  deriveTimeoutSeconds({ timeout, hostCount, attempts, operationTimeoutMs });

describe('timeout derivation (identical to ocf:pacemaker:ping for every value it reads correctly)', () => {
  // The first five rows were observed running the reference (notes §6.2 [run]).
  test.each([
    ['3 hosts, defaults', undefined, 3, 3, undefined, 2],
    ['1 host, defaults', undefined, 1, 3, undefined, 6],
    ['1500ms', '1500ms', 3, 3, undefined, 1],
    ['2m', '2m', 3, 3, undefined, 120],
    ['3 hosts, 60 s operation timeout', undefined, 3, 3, 60_000, 6],
    ['plain seconds', '2', 3, 3, undefined, 2],
    ['s suffix', '7s', 3, 3, undefined, 7],
    ['sec suffix', '7sec', 3, 3, undefined, 7],
    ['msec suffix', '2500msec', 3, 3, undefined, 2],
    ['min suffix', '3min', 3, 3, undefined, 180],
    ['h above 1000 s is 300', '1h', 3, 3, undefined, 300],
    ['hr above 1000 s is 300', '2hr', 3, 3, undefined, 300],
    ['exactly 1000 s stays', '1000', 3, 3, undefined, 1000],
    ['1001 s is 300', '1001', 3, 3, undefined, 300],
    ['below 1 s is 5 (500ms truncates to 0)', '500ms', 3, 3, undefined, 5],
    ['0 is 5', '0', 3, 3, undefined, 5],
    ['empty host list, unset timeout', undefined, 0, 3, undefined, 5],
    ['each division truncates: 20000/7/3/1100', undefined, 7, 3, undefined, 5],
    ['20 hosts, 2 attempts, 60 s: 60000/20/2/1100 = 1', undefined, 20, 2, 60_000, 1],
    ['1 host, 1 attempt, 20 s: 18', undefined, 1, 1, 20_000, 18],
    ['empty string is unset', '', 1, 3, undefined, 6],
    ['surrounding blanks are ignored', ' 4s ', 3, 3, undefined, 4],
  ])('%s', (_label, timeout, hosts, attempts, operationMs, expected) => {
    expect(derive(timeout, hosts, attempts, operationMs)).toBe(expected);
  });

  test.each(['soon', '1.5s', '2 ms', '-3', '2x', '2MS', '5 5', 's'])('refuses "%s" (the reference misreads it)', (value) => {
    expect(() => derive(value)).toThrow(TimeoutSyntaxError);
    expect(() => derive(value)).toThrow(`not "${value.trim()}"`);
  });
});
