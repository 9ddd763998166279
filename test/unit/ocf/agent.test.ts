import { describe, expect, test } from '@jest/globals';
import { defineOcfAgent, runOcfAction, type ActionContext } from '../../../src/lib/ocf/agent.js';
import { OcfError, OcfExit } from '../../../src/lib/ocf/exit-codes.js';
import { declareParameters } from '../../../src/lib/runtime/parameters.js';

const parameters = declareParameters([
  { name: 'config', type: 'string', required: true, shortdesc: 'c', longdesc: 'config file' },
  { name: 'shutdown_timeout', type: 'integer', min: 0, shortdesc: 's', longdesc: 'seconds' },
  { name: 'secret', type: 'string', secret: true, shortdesc: 'p', longdesc: 'password' },
]);
type Params = typeof parameters;

const seen: { action?: string; context?: ActionContext<Params> } = {};

const agent = defineOcfAgent({
  name: 'Probe',
  version: '1.0',
  shortdesc: 'test agent',
  longdesc: 'test agent',
  parameters,
  actions: [{ name: 'start', timeout: '60s' }, { name: 'stop', timeout: '40s' }],
  validate: async ({ params }) => {
    if (!params.config.startsWith('/')) throw new OcfError(OcfExit.ErrConfigured, `config must be absolute: ${params.config}`);
  },
  handlers: {
    start: async (context) => { seen.context = context; seen.action = 'start'; return OcfExit.Success; },
    stop: async (context) => { seen.context = context; seen.action = 'stop'; return OcfExit.Success; },
    monitor: async (context) => { seen.context = context; return context.isProbe ? OcfExit.NotRunning : OcfExit.Success; },
    status: async () => { throw new Error('disk on fire'); },
    notify: async ({ params }) => { throw new OcfError(OcfExit.ErrGeneric, `refused with ${params.secret}`); },
  },
});

async function run(argv: string[], env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runOcfAction(agent, {
    argv, env, interactive: false, stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t),
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

describe('runOcfAction dispatch', () => {
  test('meta-data needs no parameters and prints the XML', async () => {
    const result = await run(['meta-data']);
    expect(result.code).toBe(OcfExit.Success);
    expect(result.stdout).toContain('<resource-agent name="Probe" version="1.0">');
  });

  test('unknown action: 3 with usage on stderr', async () => {
    const result = await run(['frobnicate'], { OCF_RESKEY_config: '/c' });
    expect(result.code).toBe(OcfExit.ErrUnimplemented);
    expect(result.stderr).toContain('action "frobnicate" is not implemented');
    expect(result.stderr).toContain('usage: Probe {start|stop|monitor|status|notify|meta-data|validate-all}');
  });

  test('no action: 2 with usage', async () => {
    const result = await run([]);
    expect(result.code).toBe(OcfExit.ErrArgs);
    expect(result.stderr).toContain('usage: Probe');
  });

  test('usage on stdout, 0', async () => {
    expect((await run(['usage'])).code).toBe(OcfExit.Success);
  });

  test('validate-all: missing required parameter is 6 with an exit reason naming it', async () => {
    const result = await run(['validate-all']);
    expect(result.code).toBe(OcfExit.ErrConfigured);
    expect(result.stderr).toContain('ocf-exit-reason:invalid configuration: required parameter "config" is not set');
  });

  test("validate-all runs the agent's own checks after the declaration's", async () => {
    const result = await run(['validate-all'], { OCF_RESKEY_config: 'relative' });
    expect(result.code).toBe(OcfExit.ErrConfigured);
    expect(result.stderr).toContain('ocf-exit-reason:config must be absolute: relative');
    expect((await run(['validate-all'], { OCF_RESKEY_config: '/etc/c' })).code).toBe(OcfExit.Success);
  });

  test('start refuses an invalid configuration before it does anything', async () => {
    seen.action = undefined;
    const result = await run(['start'], { OCF_RESKEY_config: '/c', OCF_RESKEY_shutdown_timeout: 'ten' });
    expect(result.code).toBe(OcfExit.ErrConfigured);
    expect(seen.action).toBeUndefined();
    expect(result.stderr).toContain('parameter "shutdown_timeout" must be a whole number, not "ten"');
  });

  test('stop carries on with an invalid value (never fenced over a typo), with a warning', async () => {
    const result = await run(['stop'], { OCF_RESKEY_config: '/c', OCF_RESKEY_shutdown_timeout: 'ten' });
    expect(result.code).toBe(OcfExit.Success);
    expect(seen.action).toBe('stop');
    expect(seen.context?.params.shutdown_timeout).toBeUndefined();
    expect(seen.context?.problems).toHaveLength(1);
    expect(result.stderr).toContain('WARNING: parameter "shutdown_timeout" must be a whole number');
  });

  test('probe = monitor without an interval; recurring monitor has one', async () => {
    expect((await run(['monitor'], { OCF_RESKEY_config: '/c' })).code).toBe(OcfExit.NotRunning);
    expect(seen.context?.isProbe).toBe(true);
    expect((await run(['monitor'], { OCF_RESKEY_config: '/c', OCF_RESKEY_CRM_meta_interval: '10000' })).code).toBe(OcfExit.Success);
    expect(seen.context?.isProbe).toBe(false);
  });

  test('the deadline comes from CRM_meta_timeout, else the declared action timeout', async () => {
    await run(['start'], { OCF_RESKEY_config: '/c', OCF_RESKEY_CRM_meta_timeout: '5000' });
    expect(seen.context?.deadline.remainingMs()).toBeLessThanOrEqual(4500);
    await run(['start'], { OCF_RESKEY_config: '/c' });
    // Measured from process start (start-up counts against Pacemaker's timeout): in jest the
    // process has run for a while already, so add its uptime back.
    const sinceProcessStart = (seen.context?.deadline.remainingMs() ?? 0) + process.uptime() * 1000;
    expect(sinceProcessStart).toBeGreaterThan(57_000);
    expect(sinceProcessStart).toBeLessThanOrEqual(60_500);
  });

  test('an unexpected exception becomes 1 with an exit reason, not a crash', async () => {
    const result = await run(['status'], { OCF_RESKEY_config: '/c' });
    expect(result.code).toBe(OcfExit.ErrGeneric);
    expect(result.stderr).toContain('ocf-exit-reason:status failed unexpectedly: disk on fire');
  });

  test('secret parameters never reach stderr or logs', async () => {
    const result = await run(['notify'], { OCF_RESKEY_config: '/c', OCF_RESKEY_secret: 's3cr3t-value' });
    expect(result.code).toBe(OcfExit.ErrGeneric);
    expect(result.stderr).toContain('refused with ****');
    expect(result.stderr).not.toContain('s3cr3t-value');
  });
});
