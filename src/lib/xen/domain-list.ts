/**
 * `xl list` / `xm list` output: the table both toolstacks print (xl(1) "list", xen
 * tools/xl/xl_list.c list_domains(); xm's is the same layout):
 *
 *   Name                                        ID   Mem VCPUs	State	Time(s)
 *   Domain-0                                     0  1024     2     r-----      11.3
 *   vm1                                          3   512     1     -b----       2.1
 *
 * The state column has one letter per flag: r(unning) b(locked) p(aused) s(hutdown), then the
 * shutdown reason (xl: shutdown_reason_letters "-rscwS": poweroff, reboot, suspend, crash,
 * watchdog, soft reset; xm: c for crashed), then d(ying); '-' where a flag is off.
 */

export interface DomainEntry {
  readonly name: string;
  readonly id: number | undefined;
  /** Current memory in MiB ("Mem" column). */
  readonly memoryMib: number | undefined;
  readonly vcpus: number | undefined;
  /** The raw six-letter state, e.g. "-b----"; "" when the line had none. */
  readonly state: string;
}

/** What the state letters mean for the cluster. */
export type DomainCondition = 'running' | 'paused' | 'shutdown' | 'crashed' | 'dying';

const STATE_PATTERN = /^[r-][b-][p-][s-][-rscwS][d-]$/;

function numberOrUndefined(word: string | undefined): number | undefined {
  if (word === undefined || !/^\d+$/.test(word)) return undefined;
  return Number(word);
}

/** A list table as read, with what did not parse. */
export interface DomainTable {
  /** Every row with a name (rows without a full state column too, their state ""). */
  readonly entries: DomainEntry[];
  /** The "Name ID Mem VCPUs State Time(s)" header was there. */
  readonly header: boolean;
  /** Lines that are neither the header nor a row with a state column. */
  readonly unreadable: string[];
}

/**
 * Read the list table. The header line (starting with "Name") is noted; a name may not
 * contain whitespace in this format, so the columns are the last five words of each line.
 */
export function readDomainTable(output: string): DomainTable {
  const entries: DomainEntry[] = [];
  const unreadable: string[] = [];
  let header = false;
  for (const line of output.split('\n')) {
    const words = line.trim().split(/\s+/).filter((word) => word.length > 0);
    if (words.length === 0) continue;
    if (words[0] === 'Name' && words.includes('ID')) {
      header = true;
      continue;
    }
    const stateIndex = words.findIndex((word, index) => index > 0 && STATE_PATTERN.test(word));
    if (stateIndex >= 4) {
      entries.push({
        name: words.slice(0, stateIndex - 3).join(' '),
        id: numberOrUndefined(words[stateIndex - 3]),
        memoryMib: numberOrUndefined(words[stateIndex - 2]),
        vcpus: numberOrUndefined(words[stateIndex - 1]),
        state: words[stateIndex],
      });
    } else {
      unreadable.push(line);
      // A line without a full state column: keep the name, so that the domain still counts as present.
      entries.push({
        name: words[0],
        id: numberOrUndefined(words[1]),
        memoryMib: numberOrUndefined(words[2]),
        vcpus: numberOrUndefined(words[3]),
        state: '',
      });
    }
  }
  return { entries, header, unreadable };
}

/** The rows of the list table (see readDomainTable). */
export function parseDomainList(output: string): DomainEntry[] {
  return readDomainTable(output).entries;
}

/** The control domain: every complete listing of all domains shows it (xl and xm alike). */
export const CONTROL_DOMAIN = 'Domain-0';

/** Shortened, printable excerpt of a line for messages. */
function excerpt(line: string): string {
  const printable = line.trim().replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 60 ? `${printable.slice(0, 57)}...` : printable;
}

/**
 * Why a table that the toolstack printed with exit 0 cannot be trusted as complete, or
 * undefined when it can: the header, only readable rows, and Domain-0 (for the listing of
 * every domain) or exactly the one domain asked for. An incomplete table is never evidence
 * that a domain is absent.
 */
export function incompleteTableReason(table: DomainTable, domain?: string): string | undefined {
  if (table.entries.length === 0 && !table.header) return 'the listing is empty';
  if (!table.header) return 'the listing has no header line';
  if (table.unreadable.length > 0) return `the listing has a line that does not parse ("${excerpt(table.unreadable[0])}")`;
  if (domain === undefined) {
    return table.entries.some((entry) => entry.name === CONTROL_DOMAIN) ? undefined : `the listing does not show ${CONTROL_DOMAIN}`;
  }
  if (table.entries.length !== 1 || table.entries[0].name !== domain) {
    return `the listing of ${domain} shows ${table.entries.length === 0 ? 'no domain' : table.entries.map((entry) => excerpt(entry.name)).join(', ')}`;
  }
  return undefined;
}

/** The entry for one name, or undefined. */
export function findDomain(entries: readonly DomainEntry[], name: string): DomainEntry | undefined {
  return entries.find((entry) => entry.name === name);
}

/**
 * What a state means: dying and crashed (or stopped by its watchdog) win over everything (the
 * domain is gone or broken whatever else is set), then shut down (powered off, rebooting,
 * suspended), then paused; otherwise running (r, b or all dashes: a guest waiting for an event
 * is neither running nor blocked at the instant of the list).
 */
export function classifyDomainState(state: string): DomainCondition {
  if (!STATE_PATTERN.test(state)) return 'running';
  if (state[5] === 'd') return 'dying';
  if (state[4] === 'c' || state[4] === 'w') return 'crashed';
  if (state[3] === 's') return 'shutdown';
  if (state[2] === 'p') return 'paused';
  return 'running';
}

/** Total memory in MiB from `xl info` / `xm info` ("total_memory          : 16384"). */
export function parseTotalMemoryMib(infoOutput: string): number | undefined {
  const match = /^total_memory\s*:\s*(\d+)\s*$/m.exec(infoOutput);
  return match ? Number(match[1]) : undefined;
}
