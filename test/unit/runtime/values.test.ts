import { describe, expect, test } from '@jest/globals';
import { ocfIsTrue, parseInteger, parseOcfBoolean, parseTimeMs } from '../../../src/lib/runtime/values.js';
import { Deadline } from '../../../src/lib/runtime/deadline.js';

describe('ocfIsTrue matches ocf-shellfuncs exactly', () => {
  test.each(['yes', 'true', '1', 'YES', 'TRUE', 'True', 'ja', 'on', 'ON'])('%s is true', (word) => {
    expect(ocfIsTrue(word)).toBe(true);
  });
  test.each(['Yes', 'y', 'no', '0', '', 'enabled', 'On'])('%s is false', (word) => {
    expect(ocfIsTrue(word)).toBe(false);
  });
  test('undefined is false', () => expect(ocfIsTrue(undefined)).toBe(false));
});

describe('parseOcfBoolean is strict', () => {
  test('true and false words', () => {
    expect(parseOcfBoolean('on')).toBe(true);
    expect(parseOcfBoolean('off')).toBe(false);
    expect(parseOcfBoolean('nein')).toBe(false);
  });
  test('garbage is reported, not silently false', () => {
    expect(parseOcfBoolean('maybe')).toBeUndefined();
    expect(parseOcfBoolean('Yes')).toBeUndefined();
  });
});

describe('parseTimeMs follows Pacemaker time values', () => {
  test.each([
    ['30', 30_000], ['30s', 30_000], ['2min', 120_000], ['500ms', 500], ['1h', 3_600_000],
    ['1.5s', 1500], [' 10 s ', 10_000], ['0', 0], ['90sec', 90_000], ['2m', 120_000],
  ])('%s = %d ms', (text, ms) => expect(parseTimeMs(text)).toBe(ms));
  test.each(['', 'soon', '10 parsecs', '-5s', '1e3', 's'])('%s is malformed', (text) => {
    expect(parseTimeMs(text)).toBeUndefined();
  });
});

describe('parseInteger', () => {
  test('accepts decimal integers', () => {
    expect(parseInteger('42')).toBe(42);
    expect(parseInteger('-3')).toBe(-3);
  });
  test('rejects everything else', () => {
    for (const text of ['', '4.2', '0x10', '12abc', '1e3', '99999999999999999999']) {
      expect(parseInteger(text)).toBeUndefined();
    }
  });
});

describe('time values are clamped to what a timer can hold', () => {
  test('parseTimeMs never exceeds 2^31-1 ms', () => {
    expect(parseTimeMs('3000000')).toBe(2 ** 31 - 1);
    expect(parseTimeMs('999999999999h')).toBe(2 ** 31 - 1);
    expect(parseTimeMs('2147483647ms')).toBe(2 ** 31 - 1);
    expect(parseTimeMs('24d')).toBeUndefined();
  });

  test('a Deadline never holds more than 2^31-1 ms, so a sleep on it really waits', async () => {
    const deadline = new Deadline(5_000_000_000);
    expect(deadline.budgetMs).toBe(2 ** 31 - 1);
    expect(deadline.remainingMs()).toBeLessThanOrEqual(2 ** 31 - 1);
    const started = performance.now();
    await new Deadline(5_000_000_000).sub(200).sleep(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });
});
