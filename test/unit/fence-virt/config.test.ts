import { describe, expect, test } from '@jest/globals';
import { ConfigSyntaxError, parseConfigText } from '../../../src/lib/fence-virt/config-syntax.js';
import { ConfigError, parseDaemonConfig } from '../../../src/agents/fence-virtd/config.js';
import { HashType } from '../../../src/lib/fence-virt/protocol.js';

function problems(text: string): string[] {
  try {
    parseDaemonConfig(text);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('accepted');
}

describe('fence_virt.conf syntax', () => {
  test('blocks, assignments, comments and named blocks, with lines', () => {
    const root = parseConfigText('# comment\nfence_virtd {\n\tlistener = "multicast"; # trailing\n}\nx = "v" { y = "z"; }\nempty { }\n');
    expect(root.blocks.map((b) => [b.name, b.value, b.line])).toEqual([['fence_virtd', undefined, 2], ['x', 'v', 5], ['empty', undefined, 6]]);
    expect(root.blocks[0].assignments).toEqual([{ name: 'listener', value: 'multicast', line: 3 }]);
    expect(root.blocks[1].assignments).toEqual([{ name: 'y', value: 'z', line: 5 }]);
  });
  test.each([
    ['a {\n b = "c"\n}', 3, /expected ";"/],
    ['a {\n b = c;\n}', 2, /double-quoted value/],
    ['a {\n b = "";\n}', 2, /empty value/],
    ['a {\n b = "c;\n d = "e";\n}', 2, /value runs over the end of the line/],
    ['a {\n b = "c;\n}', 2, /closing quote is missing/],
    ['a {\n b = "c";\n', 1, /not closed/],
    ['}', 1, /unexpected "}"/],
    ['a {\n "b" = "c";\n}', 2, /expected a name/],
  ])('%j is refused on line %d', (text, line, message) => {
    expect(() => parseConfigText(text)).toThrow(ConfigSyntaxError);
    try { parseConfigText(text); } catch (error) {
      expect((error as ConfigSyntaxError).line).toBe(line);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe('xenha-fence-virtd configuration', () => {
  test('fence_virtd\'s defaults when sections are absent', () => {
    const config = parseDaemonConfig('fence_virtd { listener = "multicast"; backend = "xenha"; }\n');
    expect(config.multicast).toEqual({
      keyFile: '/etc/cluster/fence_xvm.key', hash: HashType.Sha256, auth: HashType.Sha256, family: 'ipv4',
      address: '225.0.0.12', port: 1229, interface: undefined,
    });
    expect(config.xenha.operationTimeoutMs).toBe(25_000);
    expect(config.xenha.domains).toBeUndefined();
    expect(config.foreground).toBe(false);
  });
  test('a full file, with an unselected libvirt backend ignored', () => {
    const config = parseDaemonConfig(`
fence_virtd {
  listener = "multicast";
  backend = "xenha";
  foreground = "yes";
  debug = "2";
  module_path = "/usr/lib64/fence-virt";
}
listeners {
  multicast {
    key_file = "/etc/cluster/other.key";
    hash = "sha512";
    auth = "sha1";
    family = "ipv6";
    port = "1230";
    interface = "br0";
  }
  serial { uri = "qemu:///system"; }
}
backends {
  libvirt { uri = "qemu:///system"; }
  xenha {
    timeout = "40s";
    replay_window = "2h";
    domains {
      guest1 = "xen-guest1";
      guest2 = "xen-guest2";
    }
  }
}
`);
    expect(config.foreground).toBe(true);
    expect(config.debug).toBe(2);
    expect(config.multicast).toMatchObject({ keyFile: '/etc/cluster/other.key', hash: HashType.Sha512, auth: HashType.Sha1, family: 'ipv6', address: 'ff05::3:1', port: 1230, interface: 'br0' });
    expect(config.xenha.operationTimeoutMs).toBe(40_000);
    expect(config.xenha.replayWindowMs).toBe(7_200_000);
    expect([...(config.xenha.domains ?? [])]).toEqual([['guest1', 'xen-guest1'], ['guest2', 'xen-guest2']]);
    expect(config.ignored).toEqual([expect.stringMatching(/^line 7: fence_virtd\/module_path has no effect/)]);
  });
  test('every problem is reported with its line', () => {
    const found = problems(`fence_virtd {
  listener = "serial";
  backend = "libvirt";
}
listeners {
  multicast {
    hash = "md5";
    port = "99999";
    address = "10.0.0.1";
    key_file = "relative.key";
    interface = "-evil";
    prot = "1229";
    port = "1229";
  }
}
groups { group { ip = "10.0.0.1"; } }
`);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^line 2: fence_virtd: listener = "serial": only the multicast listener/),
      expect.stringMatching(/^line 3: fence_virtd: backend = "libvirt": only the xenha backend/),
      expect.stringMatching(/^line 7: .*hash = "md5": one of none, sha1, sha256, sha512/),
      expect.stringMatching(/^line 8: .*port = "99999"/),
      expect.stringMatching(/^line 9: .*not an ipv4 multicast address/),
      expect.stringMatching(/^line 10: .*an absolute path/),
      expect.stringMatching(/^line 11: .*not an interface name/),
      expect.stringMatching(/^line 12: .*unknown setting "prot"/),
      expect.stringMatching(/^line 13: .*port is set again \(first on line 8\)/),
      expect.stringMatching(/^line 16: groups .* not supported/),
    ]));
  });
  test('a domain map with bad or duplicate entries', () => {
    const found = problems('backends { xenha { domains { vm1 = "r1"; vm1 = "r2"; vm2 = "r1"; -x = "r3"; } timeout = "0"; } }');
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/vm1 is mapped twice/),
      expect.stringMatching(/resource r1 is already the domain vm1/),
      expect.stringMatching(/"-x" is not a domain name/),
      expect.stringMatching(/timeout = "0": a time of at least 1 s/),
    ]));
  });
  test('a syntax error names its line', () => {
    expect(problems('fence_virtd {\n  listener = multicast;\n}\n')).toEqual([expect.stringMatching(/^line 2: expected a double-quoted value/)]);
  });
});
