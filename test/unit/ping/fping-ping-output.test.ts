import { describe, expect, test } from '@jest/globals';
import { fpingArguments, parseFpingErrors, parseFpingOutput } from '../../../src/lib/net/fping.js';
import { parsePingSummary, pingArguments } from '../../../src/lib/net/ping.js';

describe('fping', () => {
  test('arguments: family, attempts - 1 retries, timeout split per attempt, no backoff, options, then targets', () => {
    expect(fpingArguments({ family: 4, attempts: 2, timeoutMs: 2000, options: ['-I', 'eth1'], addresses: ['10.0.0.1', '10.0.0.2'] }))
      .toEqual(['-4', '-r', '1', '-t', '1000', '-B', '1.0', '-I', 'eth1', '10.0.0.1', '10.0.0.2']);
    expect(fpingArguments({ family: 6, attempts: 3, timeoutMs: 2000, options: [], addresses: ['fd85::2'] }))
      .toEqual(['-6', '-r', '2', '-t', '666', '-B', '1.0', 'fd85::2']);
    expect(fpingArguments({ family: 4, attempts: 1, timeoutMs: 5000, options: [], addresses: ['a'] }))
      .toEqual(['-4', '-r', '0', '-t', '5000', '-B', '1.0', 'a']);
  });

  test('output: a verdict per target, exactly as given (exit 1 with some unreachable is a normal result)', () => {
    const stdout = [
      '10.85.0.2 is alive',
      '10.85.0.3 is unreachable',
      'fd85::2 is alive (0.045 ms)',
      '127.000.0.1 is alive',
      '',
      'garbage line',
    ].join('\n');
    expect([...parseFpingOutput(stdout)]).toEqual([
      ['10.85.0.2', 'alive'], ['10.85.0.3', 'unreachable'], ['fd85::2', 'alive'], ['127.000.0.1', 'alive'],
    ]);
  });

  test('stderr: per-target send errors and ICMP errors, first one per target', () => {
    const stderr = [
      '10.85.0.1: error while sending ping: Invalid argument',
      '10.85.0.1: error while sending ping: Invalid argument',
      'fd85::1: error while sending ping: Network is unreachable',
      'ICMP Host Unreachable from 10.85.0.1 for ICMP Echo sent to 10.85.0.9',
    ].join('\n');
    expect(Object.fromEntries(parseFpingErrors(stderr))).toEqual({
      '10.85.0.1': 'error while sending ping: Invalid argument',
      'fd85::1': 'error while sending ping: Network is unreachable',
      '10.85.0.9': 'ICMP Host Unreachable',
    });
  });
});

describe('ping', () => {
  test('arguments: until the first reply, attempts spread over the timeout, which bounds the whole run', () => {
    expect(pingArguments({ family: 4, attempts: 2, timeoutSeconds: 2, options: [], address: '10.0.0.1' }))
      .toEqual(['-4', '-n', '-q', '-c', '1', '-i', '1', '-w', '2', '10.0.0.1']);
    expect(pingArguments({ family: 6, attempts: 3, timeoutSeconds: 2, options: ['-I', 'eth1'], address: 'fd85::2' }))
      .toEqual(['-6', '-n', '-q', '-c', '1', '-i', '0.667', '-w', '2', '-I', 'eth1', 'fd85::2']);
    // never below 0.2 s between requests
    expect(pingArguments({ family: 4, attempts: 20, timeoutSeconds: 1, options: [], address: 'a' })).toContain('0.2');
  });

  test('summary: reachable when any reply came back', () => {
    expect(parsePingSummary('--- 10.85.0.2 ping statistics ---\n2 packets transmitted, 2 received, 0% packet loss, time 202ms\n'))
      .toEqual({ transmitted: 2, received: 2 });
    expect(parsePingSummary('3 packets transmitted, 1 received, +2 errors, 66.6667% packet loss, time 2003ms'))
      .toEqual({ transmitted: 3, received: 1 });
    expect(parsePingSummary('2 packets transmitted, 0 received, 100% packet loss, time 511ms')).toEqual({ transmitted: 2, received: 0 });
    expect(parsePingSummary('ping: connect: Invalid argument')).toBeUndefined();
  });
});
