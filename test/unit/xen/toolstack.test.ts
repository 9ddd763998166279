import {
  classifyListFailure, createArgs, destroyArgs, gracefulShutdownArgs, incomingMigrationName, memSetArgs, migrateArgs,
  migrationCopyNames, xlStringLiteral,
} from '../../../src/lib/xen/toolstack.js';

describe('command lines', () => {
  it('xl create passes the name as an xl string literal (xl parses extra arguments as config lines)', () => {
    expect(createArgs('xl', '/etc/xen/vm1.cfg', 'vm1')).toEqual(['create', '/etc/xen/vm1.cfg', 'name="vm1"']);
    expect(createArgs('xl', '/etc/xen/vm1.cfg', 'vm1', 4096)).toEqual(['create', '/etc/xen/vm1.cfg', 'name="vm1"', 'memory=4096']);
  });

  it('xm create passes the name without quotes', () => {
    expect(createArgs('xm', '/etc/xen/vm1', 'vm1', 512)).toEqual(['create', '/etc/xen/vm1', 'name=vm1', 'memory=512']);
  });

  it('escapes quotes and backslashes in xl string literals', () => {
    expect(xlStringLiteral('a"b\\c')).toBe('"a\\"b\\\\c"');
  });

  it('shutdown, ACPI power button, destroy, mem-set', () => {
    expect(gracefulShutdownArgs('vm1', false)).toEqual(['shutdown', 'vm1']);
    expect(gracefulShutdownArgs('vm1', true)).toEqual(['trigger', 'vm1', 'power']);
    expect(destroyArgs('vm1')).toEqual(['destroy', 'vm1']);
    expect(memSetArgs('vm1', 2048)).toEqual(['mem-set', 'vm1', '2048']);
  });

  it('migrates live with xl and with xm --live', () => {
    expect(migrateArgs('xl', 'vm1', '10.0.0.2')).toEqual(['migrate', 'vm1', '10.0.0.2']);
    expect(migrateArgs('xm', 'vm1', '10.0.0.2')).toEqual(['migrate', '--live', 'vm1', '10.0.0.2']);
  });

  it('knows the names of migration copies', () => {
    expect(migrationCopyNames('xl', 'vm1')).toEqual(['vm1--incoming', 'vm1--migratedaway']);
    expect(migrationCopyNames('xm', 'vm1')).toEqual(['migrating-vm1']);
    expect(incomingMigrationName('xl', 'vm1')).toBe('vm1--incoming');
    expect(incomingMigrationName('xm', 'vm1')).toBeUndefined();
  });
});

describe('classifyListFailure', () => {
  it.each([
    ['vm1 is an invalid domain identifier (rc=-6)', 'xl', 'absent'],
    ['\nvm1 is an invalid domain identifier (rc=-6)\n\n', 'xl', 'absent'],
    ["Error: Domain 'vm1' does not exist.", 'xm', 'absent'],
    ["ERROR:  Can't find hypervisor information in sysfs!", 'xl', 'no-hypervisor'],
    ["ERROR:  Hypervisor is not xen but 'kvm'!", 'xl', 'no-hypervisor'],
    ['xencall: error: Could not obtain handle on privileged command interface: No such file or directory\ncannot init xl context', 'xl', 'no-hypervisor'],
    ['libxl: error: libxl.c:123: xenstore is not running', 'xl', 'unknown'],
    ['Error: Unable to connect to xend: No such file or directory. Is xend running?', 'xm', 'unknown'],
    ['', 'xl', 'unknown'],
  ] as const)('%s (%s) → %s', (output, kind, expected) => {
    expect(classifyListFailure(output, kind, 'vm1')).toBe(expected);
  });

  it.each([
    // libxl's transient xenstore message and xenstored down: no answer about the domain
    ['libxl: error: libxl_domain.c:123: domain 1 not found in xenstore, retrying'],
    ['xs_open: Domain socket /var/run/xenstored/socket does not exist'],
    // another domain's answer, the other toolstack's answer, a failed listing (rc=-5)
    ['vm2 is an invalid domain identifier (rc=-6)'],
    ["Error: Domain 'vm1' does not exist."],
    ['vm1 is an invalid domain identifier (rc=-5)'],
    // the right answer next to an error line
    ['libxl: error: libxl_utils.c:1: xs_read failed\nvm1 is an invalid domain identifier (rc=-6)'],
  ])('xl: %s is not evidence of absence', (output) => {
    expect(classifyListFailure(output, 'xl', 'vm1')).toBe('unknown');
  });

  it('xm: only its own line for that name; a name of digits gets xl\'s main_list line', () => {
    expect(classifyListFailure('vm1 is an invalid domain identifier (rc=-6)', 'xm', 'vm1')).toBe('unknown');
    expect(classifyListFailure("Error: Domain 'vm2' does not exist.", 'xm', 'vm1')).toBe('unknown');
    expect(classifyListFailure("Error: Domain '42' does not exist.", 'xl', '42')).toBe('absent');
  });

  it('never absent without a name (a failed listing of every domain)', () => {
    expect(classifyListFailure('vm1 is an invalid domain identifier (rc=-6)', 'xl', undefined)).toBe('unknown');
  });
});
