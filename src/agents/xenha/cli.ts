/**
 * The command line (yargs, loaded only here): subcommands, their options and --help text,
 * the exit codes. Each handler runs one subcommand against the session.
 */
import { Deadline } from '../../lib/runtime/deadline.js';
import { runCheck, formatCheckReport } from './check.js';
import { AdminError, AdminExit, EXIT_CODE_HELP } from './exit-codes.js';
import { restartGuest, startGuest, stopGuest } from './guest-control.js';
import { printGuests } from './list.js';
import { migrateGuest } from './migrate.js';
import { onlineNode, standbyNode } from './node-standby.js';
import { readSnapshot, type Session } from './session.js';
import { clearGuest, tidyGuests } from './tidy.js';

const DESCRIPTION = `Manage Xen guests through the cluster, never behind its back.

Once Pacemaker manages the guests, starting, stopping or migrating them with xl, xm,
virsh or virt-manager risks running a guest twice and corrupting its disks. xenha
does those jobs by asking Pacemaker (crm_mon, crm_resource, crm_attribute, cibadmin)
and waits for the outcome, bounded by --timeout. A guest is any resource of type Xen
(ocf:xenha:Xen, ocf:heartbeat:Xen). Each command has its own --help.`;

const DETAILS = `Interim leftovers (clear, tidy): location constraints named cli-prefer-*, cli-ban-*,
cli-standby-* (crm_resource --move/--ban, pcs, crmsh, the GUI), target-role=Started
(the default anyway) and heartbeat's target_role. target-role=Stopped is kept and
shown: removing it would start the guest. migrate removes its own constraint once the
guest has arrived, and start removes target-role instead of setting it.

check: a domain that no resource manages, a guest's domain on a node where the
cluster does not run it, a domain on two nodes at once, a config file (--config-dir)
that no resource uses, a resource id that differs from its domain name (xen0-ha
needs them equal). It reads xl list here and over ssh on the other nodes.

CIB_file=FILE (as for Pacemaker's own tools): list, clear, tidy, start, stop and
migrate read and edit that file instead of the live CIB; nothing runs, nothing waits.`;

export interface CliContext {
  readonly makeSession: (timeoutS: number, verbose: boolean) => Session;
  readonly version: string;
}

interface CommonArgs {
  readonly timeout: number;
  readonly settle: number;
  readonly wait: boolean;
  readonly verbose: boolean;
}

function waitDeadline(args: CommonArgs): Deadline {
  return new Deadline(args.timeout * 1000);
}

export async function runCli(argv: readonly string[], context: CliContext): Promise<AdminExit> {
  const { default: yargs } = await import('yargs');
  let exitCode = AdminExit.Ok;
  const session = (args: CommonArgs): Session => context.makeSession(args.timeout, args.verbose);
  const control = (args: CommonArgs) => ({ wait: args.wait, settleMs: args.settle * 1000 });

  const parser = yargs([...argv])
    .scriptName('xenha')
    .usage(`$0 <command> [options]\n\n${DESCRIPTION}`)
    .epilog(`${DETAILS}\n\n${EXIT_CODE_HELP}\n\nSee also: crm_mon(8), crm_resource(8), crm_attribute(8), cibadmin(8).`)
    .version(context.version)
    .strict()
    .recommendCommands()
    .demandCommand(1, 'a command is required: see xenha --help')
    .wrap(null)
    .option('timeout', {
      type: 'number', default: 300, global: true,
      describe: 'seconds to wait for the cluster to reach the outcome (start, stop, migrate, standby)',
    })
    .option('settle', {
      type: 'number', default: 15, global: true,
      describe: 'seconds to wait for a running transition to end before refusing to act (exit 5)',
    })
    .option('wait', { type: 'boolean', default: true, global: true, describe: 'wait for the outcome (--no-wait: only ask)' })
    .option('verbose', { alias: 'v', type: 'boolean', default: false, global: true, describe: 'print each Pacemaker command run' })
    .command('list', 'every Xen guest: node, role, memory/vCPUs, failures, pending moves, DRBD',
      (command) => command.epilog(EXIT_CODE_HELP).option('json', { type: 'boolean', default: false, describe: 'JSON (shape in docs/xenha.md)' }),
      async (args) => {
        const run = session(args);
        printGuests(run, await readSnapshot(run), args.json);
      })
    .command('start <guest>', 'start a guest (removes its target-role) and wait until it runs',
      (command) => command.epilog(EXIT_CODE_HELP).positional('guest', { type: 'string', demandOption: true, describe: 'the Xen resource id' }),
      async (args) => startGuest(session(args), args.guest, control(args), waitDeadline(args)))
    .command('stop <guest>', 'stop a guest (target-role=Stopped) and wait until it is stopped',
      (command) => command.epilog(EXIT_CODE_HELP).positional('guest', { type: 'string', demandOption: true, describe: 'the Xen resource id' }),
      async (args) => stopGuest(session(args), args.guest, control(args), waitDeadline(args)))
    .command('restart <guest>', 'stop, then start a guest (each waits for its outcome)',
      (command) => command.epilog(EXIT_CODE_HELP).positional('guest', { type: 'string', demandOption: true, describe: 'the Xen resource id' }),
      async (args) => restartGuest(session(args), args.guest, control(args), waitDeadline(args)))
    .command('migrate <guest> [node]', 'move a guest to NODE (default: away), live where allowed',
      (command) => command.epilog(EXIT_CODE_HELP)
        .positional('guest', { type: 'string', demandOption: true, describe: 'the Xen resource id' })
        .positional('node', { type: 'string', describe: 'target node (default: any other node)' })
        .option('keep-constraint', { type: 'boolean', default: false, describe: 'leave the cli-prefer/cli-ban constraint in the CIB' }),
      async (args) => migrateGuest(session(args), args.guest, args.node, {
        ...control(args), keepConstraint: args['keep-constraint'],
      }, waitDeadline(args)))
    .command('standby <node>', 'drain a node (standby), showing each guest as it moves',
      (command) => command.epilog(EXIT_CODE_HELP).positional('node', { type: 'string', demandOption: true }),
      async (args) => standbyNode(session(args), args.node, control(args), waitDeadline(args)))
    .command('online <node>', 'end a node\'s standby; guests stay where they run',
      (command) => command.epilog(EXIT_CODE_HELP).positional('node', { type: 'string', demandOption: true }),
      async (args) => onlineNode(session(args), args.node, control(args)))
    .command('clear <guest>', 'remove the interim constraints and role attributes of a guest',
      (command) => command.epilog(EXIT_CODE_HELP)
        .positional('guest', { type: 'string', demandOption: true, describe: 'the Xen resource id' })
        .option('dry-run', { type: 'boolean', default: false, describe: 'list what would be removed, change nothing' })
        .option('json', { type: 'boolean', default: false }),
      async (args) => clearGuest(session(args), args.guest, { dryRun: args['dry-run'], settleMs: args.settle * 1000, json: args.json }))
    .command('tidy', 'remove every guest\'s interim constraints and role attributes',
      (command) => command.epilog(EXIT_CODE_HELP)
        .option('dry-run', { type: 'boolean', default: false, describe: 'list exactly what would be removed, change nothing' })
        .option('json', { type: 'boolean', default: false }),
      async (args) => tidyGuests(session(args), { dryRun: args['dry-run'], settleMs: args.settle * 1000, json: args.json }))
    .command('check', 'flag guests running outside the cluster\'s control (exit 6)',
      (command) => command.epilog(EXIT_CODE_HELP)
        .option('json', { type: 'boolean', default: false })
        .option('config-dir', { type: 'string', array: true, default: ['/etc/xen'], describe: 'where guest config files live (repeatable)' })
        .option('xen0-ha', { type: 'boolean', default: true, describe: 'check that resource id = domain name, as external/xen0-ha needs (--no-xen0-ha: skip)' })
        .option('ssh-connect-timeout', { type: 'number', default: 5, describe: 'seconds for ssh to reach another node' }),
      async (args) => {
        const run = session(args);
        const report = await runCheck(run, {
          json: args.json, configDirs: args['config-dir'], xen0ha: args['xen0-ha'], sshConnectTimeoutS: args['ssh-connect-timeout'],
        });
        run.out(args.json ? `${JSON.stringify({ ok: report.findings.length === 0, findings: report.findings, notes: report.notes }, null, 2)}\n`
          : formatCheckReport(report));
        if (report.findings.length > 0) exitCode = AdminExit.ProblemsFound;
      })
    .check((args) => {
      if (!(args.timeout > 0) || !(args.settle >= 0)) throw new AdminError(AdminExit.Usage, '--timeout must be > 0 and --settle >= 0 (seconds)');
      return true;
    })
    .fail((message, error) => {
      if (error) throw error;
      throw new AdminError(AdminExit.Usage, `${message}\n(see xenha --help)`);
    });
  await parser.parseAsync();
  return exitCode;
}
