import { XMLValidator } from 'fast-xml-parser';
import { renderFenceAgentMetadata, renderGlueParametersXml } from '../../../src/lib/fence/index.js';
import { fenceAgentOptionTable } from '../../../src/lib/fence/fence-agents-options.js';
import { declareParameters } from '../../../src/lib/runtime/index.js';
import { makeFakeDevice } from './fake-device.js';

const host = { node1: { state: 'on' as const, lagPolls: 0 } };

describe('getinfo-xml', () => {
  const xml = renderGlueParametersXml(makeFakeDevice(host).plugin);
  it('is well-formed XML with one <parameter> per declared parameter', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.match(/<parameter /g)).toHaveLength(4);
  });
});

describe('fence-agents metadata', () => {
  it('is well-formed and lists the standard options and the plugin parameters with getopt forms', () => {
    const xml = renderFenceAgentMetadata(makeFakeDevice(host).plugin);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain('<getopt mixed="-o, --action=[action]" />');
    expect(xml).toContain('<parameter name="plug" unique="0" required="0" obsoletes="port">');
    expect(xml).toContain('<parameter name="port" unique="0" required="0" deprecated="1">');
    expect(xml).toContain('<getopt mixed="--op-timeout=[seconds]" />');
    expect(xml).toContain('<content type="second" default="3s" />');
    expect(xml).toContain('<getopt mixed="--verbose-device" />');
    expect(xml).toMatch(/<parameter name="password" unique="0" required="0">\n\t\t<getopt mixed="--password=\[value\]" \/>\n\t\t<content type="string" \/>/);
    // fence-agents' metadata.rng: no longdesc inside a parameter
    expect(xml).not.toMatch(/<parameter [^]*?<longdesc/);
    for (const option of ['delay', 'power_wait', 'retry_on', 'debug_file']) expect(xml).toContain(`<parameter name="${option}"`);
    expect(xml).toContain('<action name="list-status" />');
    expect(xml).toContain('<action name="manpage" />');
  });
  it('a plugin parameter with a core option\'s name replaces that option (one <parameter>, the plugin\'s meaning)', () => {
    const device = makeFakeDevice(host);
    const ownPowerWait = declareParameters([
      { name: 'power_wait', type: 'time', default: '15s', shortdesc: 'How long a power change may take', longdesc: 'Plugin meaning.' },
    ]);
    const table = fenceAgentOptionTable({ parameters: [...device.plugin.parameters, ...ownPowerWait], hostListParameter: 'hostlist' });
    const powerWait = table.filter((entry) => entry.option.name === 'power_wait');
    expect(powerWait).toHaveLength(1);
    expect(powerWait[0]?.option.shortdesc).toBe('How long a power change may take');
  });
  it('standard options a plugin maps come with fencing.py\'s getopt letters; the plugin name is then deprecated', () => {
    const device = makeFakeDevice(host);
    const plugin = { ...device.plugin, hostListParameter: 'hostlist', fenceAgentOptions: { password: 'password', login_timeout: 'op_timeout' } };
    const xml = renderFenceAgentMetadata(plugin);
    expect(xml).toContain('<parameter name="passwd" unique="0" required="0" deprecated="1">');
    expect(xml).toMatch(/<parameter name="password" unique="0" required="0" obsoletes="passwd">\n\t\t<getopt mixed="-p, --password=\[password\]" \/>/);
    expect(xml).toMatch(/<parameter name="login_timeout" unique="0" required="0">\n\t\t<getopt mixed="--login-timeout=\[seconds\]" \/>\n\t\t<content type="second" default="3s" \/>/);
    expect(xml).toContain('<parameter name="op_timeout" unique="0" required="0" deprecated="1">');
    // with pcmk_host_list / pcmk_host_map, hostlist is not required
    expect(xml).toContain('<parameter name="hostlist" unique="0" required="0">');
  });
  it('advertises only the power actions the device has', () => {
    const full = renderFenceAgentMetadata(makeFakeDevice(host).plugin);
    expect(full).toContain('<action name="on" automatic="0" />');
    expect(full).toContain('<action name="off" />');
    const noOn = renderFenceAgentMetadata(makeFakeDevice(host, { withOn: false }).plugin);
    expect(noOn).not.toContain('<action name="on"');
    expect(noOn).toContain('<action name="reboot" />');
  });
});
