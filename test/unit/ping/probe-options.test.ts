import { describe, expect, test } from '@jest/globals';
import { parseProbeOptions, ProbeOptionsError } from '../../../src/lib/net/probe-options.js';

describe('options for fping', () => {
  test.each([
    ['', []],
    ['   ', []],
    ['-I eth1', ['-I', 'eth1']],
    ['-Ieth1', ['-Ieth1']],
    ['--iface=eth1 -S 10.0.0.1', ['--iface=eth1', '-S', '10.0.0.1']],
    ['--src fd00::1', ['--src', 'fd00::1']],
    ['-e -M -R -s -o', ['-e', '-M', '-R', '-s', '-o']],
    ['-eM -b 100 -H 5', ['-eM', '-b', '100', '-H', '5']],
    ['-i 1 -p 20.5 -O 0x10', ['-i', '1', '-p', '20.5', '-O', '0x10']],
    ['  -I\teth1  ', ['-I', 'eth1']],
  ])('"%s" is accepted', (text, words) => {
    expect(parseProbeOptions(text, 'fping')).toEqual(words);
  });

  test.each([
    ['; rm -rf /', '";" contains ";", which no fping option needs'],
    ['-I $(id)', '"$(id)" contains "$"'],
    ['-I `id`', 'contains "`"'],
    ["-I 'eth1'", `contains "'"`],
    ['-I eth1|cat', 'contains "|"'],
    ['10.0.0.9', '"10.0.0.9" is not a fping option (hosts belong in host_list'],
    ['-c 5', 'fping option -c is not allowed: it changes the output the agent reads'],
    ['-r 5', 'fping option -r is not allowed: the agent sets it from the attempts and timeout parameters'],
    ['-t 100', 'option -t is not allowed: the agent sets it'],
    ['--timeout=100', 'option --timeout is not allowed'],
    ['-6', 'option -6 is not allowed: the agent picks IPv4 or IPv6 for each host itself'],
    ['-a', 'option -a is not allowed: it changes the output'],
    ['-eq', 'option -q is not allowed'],
    ['-g', 'option -g is not allowed: hosts belong in host_list'],
    ['-f /etc/hosts', 'option -f is not allowed: hosts belong in host_list'],
    ['-Z', 'unknown fping option "-Z"'],
    ['--frobnicate', 'unknown fping option "--frobnicate"'],
    ['-I', 'fping option -I needs a value'],
    ['-b', 'fping option -b needs a value'],
    ['-b big', 'fping option -b needs a whole number, not "big"'],
    ['-S notanip', 'fping option -S needs an IP address, not "notanip"'],
    ['-I -e', 'fping option -I needs an interface name or address, not "-e"'],
    ['--elapsed=1', 'fping option --elapsed takes no value'],
    ['--', '"--" is not a fping option'],
    ['-', '"-" is not a fping option'],
  ])('"%s" is refused: %s', (text, message) => {
    expect(() => parseProbeOptions(text, 'fping')).toThrow(ProbeOptionsError);
    expect(() => parseProbeOptions(text, 'fping')).toThrow(message);
  });

  test('a newline inside a value is a separator, never part of a word', () => {
    expect(parseProbeOptions('-I\neth1', 'fping')).toEqual(['-I', 'eth1']);
  });
});

describe('options for ping', () => {
  test.each([
    ['-I eth1', ['-I', 'eth1']],
    ['-I 10.0.0.1 -t 3 -Q 0x10 -s 100', ['-I', '10.0.0.1', '-t', '3', '-Q', '0x10', '-s', '100']],
    ['-i 0.5 -W 1', ['-i', '0.5', '-W', '1']],
    ['-M do -n -D', ['-M', 'do', '-n', '-D']],
  ])('"%s" is accepted', (text, words) => {
    expect(parseProbeOptions(text, 'ping')).toEqual(words);
  });

  test.each([
    ['-c 3', 'ping option -c is not allowed: the agent sets it from the attempts and timeout parameters'],
    ['-w 3', 'ping option -w is not allowed'],
    ['-f', 'ping option -f is not allowed: flood ping floods the network'],
    ['-q', 'ping option -q is not allowed'],
    ['-4', 'ping option -4 is not allowed'],
    ['--iface=eth0', 'unknown ping option "--iface"'],
    ['-e', 'ping option -e needs a value'],
    ['host.example', '"host.example" is not a ping option'],
  ])('"%s" is refused: %s', (text, message) => {
    expect(() => parseProbeOptions(text, 'ping')).toThrow(message);
  });
});
