import { describe, expect, test } from '@jest/globals';
import type { CommandOptions, CommandResult } from '../../../src/lib/exec/index.js';
import {
  AttrdError, deleteNodeAttribute, formatDampen, parseAttrdQuery, queryNodeAttribute, updateNodeAttribute,
} from '../../../src/lib/cluster/attrd.js';
import { Deadline } from '../../../src/lib/runtime/deadline.js';

function fakeAttrd(answers: Partial<CommandResult>[]) {
  const calls: string[] = [];
  const run = async (command: string, args: readonly string[], _options: CommandOptions): Promise<CommandResult> => {
    calls.push([command, ...args].join(' '));
    const answer = answers.shift() ?? {};
    return {
      exitCode: 0, signal: undefined, stdout: '', stderr: '', timedOut: false, startError: undefined,
      durationMs: 1, commandLine: [command, ...args].join(' '), ...answer,
    };
  };
  return { calls, call: { deadline: new Deadline(10_000), run } };
}

describe('attrd_updater', () => {
  test('start sets value and dampening together (-B); monitor updates the value (-U)', async () => {
    const fake = fakeAttrd([{}, {}]);
    await updateNodeAttribute('pingd', '200', { dampen: '5s', setDampen: true }, fake.call);
    await updateNodeAttribute('pingd', '100', { dampen: '5s' }, fake.call);
    expect(fake.calls).toEqual(['attrd_updater -n pingd -B 200 -d 5s', 'attrd_updater -n pingd -U 100 -d 5s']);
  });

  test('an attrd_updater without -B falls back to -U', async () => {
    const fake = fakeAttrd([{ exitCode: 64, stderr: 'attrd_updater: Unknown option -B' }, {}]);
    await updateNodeAttribute('pingd', '1', { dampen: '5s', setDampen: true }, fake.call);
    expect(fake.calls).toEqual(['attrd_updater -n pingd -B 1 -d 5s', 'attrd_updater -n pingd -U 1 -d 5s']);
  });

  test('attrd not running: kind "unavailable", and the message says what to check', async () => {
    const fake = fakeAttrd([{ exitCode: 102, stderr: 'attrd_updater: Could not update pingd=3: Connection refused (111)' }]);
    const failure = updateNodeAttribute('pingd', '3', { dampen: '5s', setDampen: true }, fake.call);
    await expect(failure).rejects.toBeInstanceOf(AttrdError);
    await expect(updateNodeAttribute('pingd', '3', {}, fakeAttrd([{ exitCode: 102, stderr: 'x' }]).call))
      .rejects.toMatchObject({ kind: 'unavailable' });
    await expect(failure).rejects.toThrow('could not set node attribute pingd=3: pacemaker-attrd is not reachable, is the cluster running on this node?');
  });

  test('attrd_updater missing is kind "missing"; a hang is kind "timeout"', async () => {
    await expect(updateNodeAttribute('pingd', '3', {}, fakeAttrd([{ exitCode: undefined, startError: 'attrd_updater: ENOENT' }]).call))
      .rejects.toMatchObject({ kind: 'missing' });
    await expect(deleteNodeAttribute('pingd', {}, fakeAttrd([{ exitCode: undefined, signal: 'SIGTERM', timedOut: true }]).call))
      .rejects.toMatchObject({ kind: 'timeout' });
  });

  test('delete (-D) with the dampening; query parses the value', async () => {
    const fake = fakeAttrd([{}, { stdout: 'name="pingd" host="node1" value="300"\n' }, { exitCode: 105 }]);
    await deleteNodeAttribute('pingd', { dampen: '5s' }, fake.call);
    expect(await queryNodeAttribute('pingd', fake.call)).toBe('300');
    expect(await queryNodeAttribute('nope', fake.call)).toBeUndefined();
    expect(fake.calls).toEqual(['attrd_updater -D -n pingd -d 5s', 'attrd_updater -Q -n pingd', 'attrd_updater -Q -n nope']);
    expect(parseAttrdQuery('name="pingd" host="node1" value=""\nname="pingd" host="node2" value="2"\n')).toEqual([
      { name: 'pingd', host: 'node1', value: '' }, { name: 'pingd', host: 'node2', value: '2' },
    ]);
  });

  test('dampening as attrd_updater -d reads it', () => {
    expect(formatDampen(5000)).toBe('5s');
    expect(formatDampen(0)).toBe('0s');
    expect(formatDampen(1500)).toBe('1500ms');
  });
});

describe('names that attrd_updater would read as options', () => {
  test('an attribute or node name starting with "-" is refused before anything runs', async () => {
    const fake = fakeAttrd([]);
    await expect(deleteNodeAttribute('-D', {}, fake.call)).rejects.toThrow('refusing to pass "-D" to attrd_updater -n');
    expect(fake.calls).toEqual([]);
  });
});
