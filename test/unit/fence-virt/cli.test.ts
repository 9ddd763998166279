import { describe, expect, test } from '@jest/globals';
import { parseCommandLine, UsageError } from '../../../src/agents/fence-virtd/cli.js';

describe('the command line, as fence_virtd\'s', () => {
  test('defaults', () => {
    expect(parseCommandLine([])).toEqual({
      configFile: '/etc/xenha/fence_virt.conf', foreground: false, debug: undefined, help: false, checkOnly: false, pidfile: undefined,
    });
  });
  test('getopt forms: -Fd2, -d 2, -f FILE, -fFILE, -p', () => {
    expect(parseCommandLine(['-Fd2', '-f', '/etc/x.conf', '-p', '/run/x.pid'])).toMatchObject({ foreground: true, debug: 2, configFile: '/etc/x.conf', pidfile: '/run/x.pid' });
    expect(parseCommandLine(['-d', '3', '-f/etc/y.conf', '-c'])).toMatchObject({ debug: 3, configFile: '/etc/y.conf', checkOnly: true });
  });
  test.each([
    [['-x'], /unknown option -x/],
    [['-f'], /-f needs a value/],
    [['-f', '-F'], /-f needs a file name/],
    [['-d', 'lots'], /-d needs a debug level/],
    [['-p', 'relative.pid'], /-p needs an absolute path/],
    [['extra'], /unexpected argument "extra"/],
  ])('%j is refused', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
