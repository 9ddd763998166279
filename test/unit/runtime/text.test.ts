import { describe, expect, test } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { flattenLine, toolOutputExcerpt } from '../../../src/lib/runtime/text.js';

describe('flattenLine', () => {
  test('escapes every control character, keeps the rest', () => {
    expect(flattenLine('a\nb\rc\td\x00e\x7f\u0085é')).toBe('a\\nb\\rc\\td\\x00e\\x7f\\x85é');
    expect(flattenLine('<8>forged')).toBe('<8>forged');
  });
});

describe('toolOutputExcerpt', () => {
  test('the last lines, joined, bounded', () => {
    expect(toolOutputExcerpt('one\ntwo\n\nthree\nfour\n')).toBe('two / three / four');
    expect(toolOutputExcerpt('x'.repeat(1000))).toHaveLength(300);
    expect(toolOutputExcerpt('x'.repeat(1000)).endsWith('...')).toBe(true);
  });

  test('binary garbage is described, not copied', () => {
    const garbage = randomBytes(3072).toString('utf8');
    expect(toolOutputExcerpt(garbage)).toBe('(unprintable output, not shown)');
  });

  test('a stray control character becomes "?"', () => {
    expect(toolOutputExcerpt('fping: bad \x1b[31mvalue')).toBe('fping: bad ?[31mvalue');
  });
});
