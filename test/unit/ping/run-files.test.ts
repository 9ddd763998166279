import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stateFileProblem } from '../../../src/agents/ping/actions.js';
import { readDaemonState, writeDaemonState, type DaemonState } from '../../../src/agents/ping/run-files.js';

const dir = mkdtempSync(join(tmpdir(), 'ping-state-'));
const state: DaemonState = {
  pid: 4242, startedMonotonicMs: 1000, lastProbeMonotonicMs: 2000, lastProbeAt: '2026-12-03T19:00:00Z', rounds: 3,
  score: 200, reachable: 2, total: 2, unreachable: [], written: 200,
  probeError: undefined, attrdError: undefined, fatal: undefined,
};

describe('the daemon state file is versioned and validated', () => {
  test('what this version writes, it reads back', () => {
    const file = join(dir, 'ok.state');
    writeDaemonState(file, state);
    expect(readDaemonState(file)).toEqual({ state: { ...state, lastProbeAt: '2026-12-03T19:00:00Z' } });
  });

  test('absent: no state and no problem', () => {
    expect(readDaemonState(join(dir, 'none.state'))).toEqual({});
  });

  test("an older daemon's file (no version) is a clear problem, not a TypeError later", () => {
    const file = join(dir, 'old.state');
    writeFileSync(file, JSON.stringify({ pid: 4242, lastProbe: 12 }));
    const reading = readDaemonState(file);
    expect(reading.state).toBeUndefined();
    expect(stateFileProblem(4242, reading)).toBe(
      `ping daemon 4242: cannot trust its state file: ${file}: it was written by a ping daemon of another version (layout "unversioned", this agent reads 1): restart the resource`,
    );
  });

  test('a malformed field or non-JSON is reported by name', () => {
    const file = join(dir, 'bad.state');
    writeFileSync(file, JSON.stringify({ version: 1, ...state, unreachable: 'h1' }));
    expect(readDaemonState(file).problem).toBe(`${file}: its field "unreachable" is missing or malformed`);
    writeFileSync(file, '{"version": 1, "pid"');
    expect(readDaemonState(file).problem).toBe(`${file} is not valid JSON`);
  });
});
