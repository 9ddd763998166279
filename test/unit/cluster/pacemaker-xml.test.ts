import { describe, expect, test } from '@jest/globals';
import type { CommandOptions, CommandResult } from '../../../src/lib/exec/index.js';
import { parseCibConfiguration } from '../../../src/lib/cluster/cib-configuration.js';
import { surveyLeftovers } from '../../../src/lib/cluster/cib-leftovers.js';
import { exactElementXpath } from '../../../src/lib/cluster/cib-edit.js';
import { parseClusterStatus, readClusterStatus } from '../../../src/lib/cluster/cluster-status.js';
import { PacemakerError } from '../../../src/lib/cluster/pacemaker-tool.js';
import { parsePacemakerXml } from '../../../src/lib/cluster/pacemaker-xml.js';
import { Deadline } from '../../../src/lib/runtime/deadline.js';

/** crm_mon --output-as=xml of Pacemaker 2.1.5, cut to what matters (a live 2-node cluster). */
const CRM_MON = `<pacemaker-result api-version="2.25" request="crm_mon --output-as=xml">
  <pacemakerd sys_from="pacemakerd" state="running" last_updated="2026-12-03 17:45:21Z"/>
  <summary>
    <stack type="corosync"/>
    <current_dc present="true" version="2.1.5-a3f44794f94" name="node2" id="2" with_quorum="true" mixed_version="false"/>
  </summary>
  <nodes>
    <node name="node1" id="1" online="true" standby="true" maintenance="false" unclean="false" is_dc="false"/>
    <node name="node2" id="2" online="true" standby="false" maintenance="false" unclean="false" is_dc="true"/>
  </nodes>
  <resources>
    <resource id="vm1" resource_agent="ocf:xenha:Xen" role="Started" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="2">
      <node name="node1" id="1" cached="true"/>
      <node name="node2" id="2" cached="true"/>
    </resource>
    <resource id="vm2" resource_agent="ocf:heartbeat:Xen" role="Started" pending="Migrating" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1">
      <node name="node2" id="2" cached="true"/>
    </resource>
    <clone id="drbd-clone" multi_state="true" unique="false" managed="true" disabled="false" failed="false" failure_ignored="false">
      <resource id="drbd" resource_agent="ocf:linbit:drbd" role="Promoted" active="true" orphaned="false" blocked="false" managed="true" failed="false" failure_ignored="false" nodes_running_on="1">
        <node name="node2" id="2" cached="true"/>
      </resource>
    </clone>
  </resources>
  <node_history>
    <node name="node2">
      <resource_history id="vm2" orphan="false" migration-threshold="1000000">
        <operation_history call="12" task="migrate_from" rc="0" rc_text="ok"/>
      </resource_history>
    </node>
  </node_history>
  <failures>
    <failure op_key="vm3_start_0" node="node1" exitstatus="error" exitreason="xmfile /etc/xen/vm3 does not exist" exitcode="1" call="9" status="complete" last-rc-change="2026-12-03 17:50:00 +00:00" queued="0" exec="20" interval="0" task="start"/>
  </failures>
  <bans>
    <ban id="cli-ban-vm1-on-node1" resource="vm1" node="node1" weight="-1000000" promoted-only="false" master_only="false"/>
  </bans>
  <status code="0" message="OK"/>
</pacemaker-result>
`;

const CIB = `<cib crm_feature_set="3.16.1" validate-with="pacemaker-3.9" epoch="9" num_updates="0" admin_epoch="0">
  <configuration>
    <crm_config/>
    <nodes><node id="1" uname="node1"/><node id="2" uname="node2"/></nodes>
    <resources>
      <primitive id="vm1" class="ocf" provider="xenha" type="Xen">
        <meta_attributes id="vm1-meta">
          <nvpair id="vm1-am" name="allow-migrate" value="true"/>
          <nvpair id="vm1-tr" name="target-role" value="started"/>
        </meta_attributes>
        <utilization id="vm1-ut"><nvpair id="vm1-mem" name="hv_memory" value="1024"/></utilization>
      </primitive>
      <group id="g">
        <meta_attributes id="g-meta"><nvpair id="g-tr" name="target-role" value="Stopped"/></meta_attributes>
        <primitive id="vm2" class="ocf" provider="heartbeat" type="Xen"/>
      </group>
      <primitive id="web" class="ocf" provider="heartbeat" type="Dummy">
        <meta_attributes id="web-meta"><nvpair id="web-tr" name="target-role" value="Started"/></meta_attributes>
      </primitive>
    </resources>
    <constraints>
      <rsc_location id="cli-prefer-vm1" rsc="vm1" role="Started" node="node2" score="INFINITY"/>
      <rsc_location id="cli-ban-vm2-on-node1" rsc="vm2" role="Started" node="node1" score="-INFINITY"/>
      <rsc_location id="cli-standby-g" rsc="g" node="node1" score="-INFINITY"/>
      <rsc_location id="cli-prefer-web" rsc="web" node="node1" score="INFINITY"/>
      <rsc_location id="vm1-home" rsc="vm1" node="node1" score="50"/>
      <rsc_location id="cli-prefer-rule" rsc="vm1"><rule id="r" score="10"><expression id="e" attribute="pingd" operation="defined"/></rule></rsc_location>
    </constraints>
  </configuration>
  <status/>
</cib>
`;

function fakeRun(answer: Partial<CommandResult>) {
  return async (command: string, args: readonly string[], _options: CommandOptions): Promise<CommandResult> => ({
    exitCode: 0, signal: undefined, stdout: '', stderr: '', timedOut: false, startError: undefined,
    durationMs: 1, commandLine: [command, ...args].join(' '), ...answer,
  });
}

describe('Pacemaker XML', () => {
  test('output cut short is an error, never a partial tree', async () => {
    await expect(parsePacemakerXml(CRM_MON.slice(0, 400), 'crm_mon')).rejects.toThrow(/ends before <\/pacemaker-result>/);
    await expect(parsePacemakerXml('', 'crm_mon')).rejects.toThrow(/no XML element/);
    await expect(parsePacemakerXml('Could not connect', 'crm_mon')).rejects.toThrow(/no XML element/);
  });

  test('crm_mon: nodes, resources in clones, a resource on two nodes, pending, failures, bans, history', async () => {
    const status = parseClusterStatus(await parsePacemakerXml(CRM_MON, 'crm_mon'));
    expect(status.dc).toBe('node2');
    expect(status.nodes.map((node) => [node.name, node.standby, node.isDc])).toEqual([['node1', true, false], ['node2', false, true]]);
    expect(status.resources.map((resource) => [resource.id, resource.role, resource.nodes, resource.parents, resource.pending]))
      .toEqual([
        ['vm1', 'Started', ['node1', 'node2'], [], undefined],
        ['vm2', 'Started', ['node2'], [], 'Migrating'],
        ['drbd', 'Promoted', ['node2'], ['drbd-clone'], undefined],
      ]);
    expect(status.failures).toEqual([{
      resource: 'vm3', node: 'node1', task: 'start', exitCode: 1, exitReason: 'xmfile /etc/xen/vm3 does not exist', lastChange: '2026-12-03 17:50:00 +00:00',
    }]);
    expect(status.bans).toEqual([{ id: 'cli-ban-vm1-on-node1', resource: 'vm1', node: 'node1' }]);
    expect(status.history).toEqual([{ resource: 'vm2', node: 'node2', task: 'migrate_from', rc: 0, call: 12 }]);
  });

  test('crm_mon exiting 0 with <error> lines (CIB_file unreadable) is "not connected", not an empty cluster', async () => {
    const stdout = `<pacemaker-result api-version="2.25" request="crm_mon --output-as=xml">
  <status code="0" message="OK">
    <errors>
      <error>Could not connect to the CIB: No such device or address</error>
    </errors>
  </status>
</pacemaker-result>
`;
    const promise = readClusterStatus({ deadline: new Deadline(5000), run: fakeRun({ stdout }) });
    await expect(promise).rejects.toBeInstanceOf(PacemakerError);
    await expect(promise).rejects.toMatchObject({ kind: 'not-connected' });
  });

  test('crm_mon exit 102 (cluster not running) is "not connected"', async () => {
    const stdout = `<pacemaker-result api-version="2.25" request="crm_mon --output-as=xml">
  <status code="102" message="Not connected">
    <errors>
      <error>crm_mon: Connection to cluster failed: Connection refused</error>
    </errors>
  </status>
</pacemaker-result>
`;
    await expect(readClusterStatus({ deadline: new Deadline(5000), run: fakeRun({ stdout, exitCode: 102 }) }))
      .rejects.toMatchObject({ kind: 'not-connected', message: expect.stringContaining('Connection refused') });
  });

  test('group and clone of a primitive; a bundle replica is no container of its own', async () => {
    const status = parseClusterStatus(await parsePacemakerXml(`<pacemaker-result>
  <summary><current_dc present="false"/></summary><nodes/>
  <resources>
    <clone id="gc"><group id="g"><resource id="a" resource_agent="ocf:pacemaker:Dummy" role="Stopped"/></group></clone>
    <bundle id="b"><replica id="0"><resource id="b-ip-0" resource_agent="ocf:heartbeat:IPaddr2" role="Stopped"/></replica></bundle>
  </resources>
</pacemaker-result>`, 'crm_mon'));
    expect(status.resources.map((resource) => [resource.id, resource.parents, resource.group, resource.clone])).toEqual([
      ['a', ['gc', 'g'], 'g', 'gc'],
      ['b-ip-0', ['b'], undefined, 'b'],
    ]);
  });

  test('a resource without an id, or a summary without <current_dc>, is refused', async () => {
    const answer = (summary: string, resources: string) => parsePacemakerXml(
      `<pacemaker-result><summary>${summary}</summary><nodes/><resources>${resources}</resources></pacemaker-result>`, 'crm_mon');
    await expect(answer('<current_dc present="false"/>', '<resource role="Started"/>').then(parseClusterStatus)).rejects.toThrow(/without an id/);
    await expect(answer('', '').then(parseClusterStatus)).rejects.toThrow(/current_dc/);
  });

  test('crm_mon exit 69 (a needed service unavailable) is "not connected" too', async () => {
    await expect(readClusterStatus({ deadline: new Deadline(5000), run: fakeRun({ stdout: '', exitCode: 69 }) }))
      .rejects.toMatchObject({ kind: 'not-connected' });
  });

  test('a crm_mon answer without its node list is refused', async () => {
    const stdout = '<pacemaker-result api-version="2.25"><status code="0" message="OK"/></pacemaker-result>';
    await expect(readClusterStatus({ deadline: new Deadline(5000), run: fakeRun({ stdout }) })).rejects.toThrow(/node list/);
  });
});

describe('CIB leftovers', () => {
  test('cli-* constraints and target-role=Started of the chosen resources; Stopped kept; rules and others untouched', async () => {
    const configuration = parseCibConfiguration(await parsePacemakerXml(CIB, 'cib'));
    const survey = surveyLeftovers(configuration, new Set(['vm1', 'vm2', 'g']));
    expect(survey.removable.map((leftover) => leftover.id)).toEqual(['cli-prefer-vm1', 'cli-ban-vm2-on-node1', 'cli-standby-g', 'vm1-tr']);
    expect(survey.kept.map((leftover) => [leftover.id, leftover.reason])).toEqual([
      ['g-tr', 'target-role=Stopped keeps g stopped; removing it would change that'],
    ]);
  });

  test('the delete names the element by id and the values it was read with; odd ids never reach an XPath', () => {
    expect(exactElementXpath('nvpair', 'vm1-tr', { name: 'target-role', value: 'started' }))
      .toBe("//nvpair[@id='vm1-tr' and @name='target-role' and @value='started']");
    expect(() => exactElementXpath('rsc_location', "x' or '1'='1", {})).toThrow(/unexpected characters/);
  });
});
