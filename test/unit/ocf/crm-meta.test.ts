import { describe, expect, test } from '@jest/globals';
import { readCrmMeta } from '../../../src/lib/ocf/crm-meta.js';

describe('readCrmMeta', () => {
  test('a probe has no interval variable: interval 0', () => {
    const meta = readCrmMeta({ OCF_RESKEY_CRM_meta_timeout: '20000', OCF_RESKEY_CRM_meta_on_node: 'node1' });
    expect(meta.timeoutMs).toBe(20_000);
    expect(meta.intervalMs).toBe(0);
    expect(meta.onNode).toBe('node1');
    expect(meta.clone).toBeUndefined();
    expect(meta.notify).toBeUndefined();
  });

  test('recurring monitor and migration', () => {
    const meta = readCrmMeta({
      OCF_RESKEY_CRM_meta_interval: '10000',
      OCF_RESKEY_CRM_meta_migrate_source: 'node1',
      OCF_RESKEY_CRM_meta_migrate_target: 'node2',
    });
    expect(meta.intervalMs).toBe(10_000);
    expect(meta.timeoutMs).toBeUndefined();
    expect(meta.migrateSource).toBe('node1');
    expect(meta.migrateTarget).toBe('node2');
  });

  test('clone and promotable clone', () => {
    const meta = readCrmMeta({
      OCF_RESKEY_CRM_meta_clone_max: '2', OCF_RESKEY_CRM_meta_clone_node_max: '1', OCF_RESKEY_CRM_meta_clone: '1',
      OCF_RESKEY_CRM_meta_promotable: 'true', OCF_RESKEY_CRM_meta_promoted_max: '1',
    });
    expect(meta.clone).toEqual({ max: 2, nodeMax: 1, instance: '1', promotable: true, promotedMax: 1 });
  });

  test('legacy master_max makes a clone promotable', () => {
    const meta = readCrmMeta({ OCF_RESKEY_CRM_meta_clone_max: '2', OCF_RESKEY_CRM_meta_master_max: '1' });
    expect(meta.clone?.promotable).toBe(true);
  });

  test('notify variables, old and new names', () => {
    const meta = readCrmMeta({
      OCF_RESKEY_CRM_meta_notify_type: 'pre',
      OCF_RESKEY_CRM_meta_notify_operation: 'promote',
      OCF_RESKEY_CRM_meta_notify_promote_uname: 'node2 ',
      OCF_RESKEY_CRM_meta_notify_master_uname: 'node1',
      OCF_RESKEY_CRM_meta_notify_all_uname: 'node1 node2',
    });
    expect(meta.notify).toMatchObject({
      type: 'pre', operation: 'promote', promoteUnames: ['node2'], promotedUnames: ['node1'], allUnames: ['node1', 'node2'],
    });
  });

  test('garbage timeout is ignored rather than trusted', () => {
    expect(readCrmMeta({ OCF_RESKEY_CRM_meta_timeout: 'soon' }).timeoutMs).toBeUndefined();
  });

  test('check level', () => {
    expect(readCrmMeta({ OCF_CHECK_LEVEL: '10' }).checkLevel).toBe(10);
    expect(readCrmMeta({}).checkLevel).toBe(0);
  });

  test('clamps a huge timeout to 2^31-1 ms (a timer given more fires after 1 ms)', () => {
    expect(readCrmMeta({ OCF_RESKEY_CRM_meta_timeout: '3000000000' }).timeoutMs).toBe(2 ** 31 - 1);
    expect(readCrmMeta({ OCF_RESKEY_CRM_meta_timeout: '99999999999999999999' }).timeoutMs).toBe(2 ** 31 - 1);
    expect(readCrmMeta({ OCF_RESKEY_CRM_meta_timeout: '-5' }).timeoutMs).toBeUndefined();
  });
});
