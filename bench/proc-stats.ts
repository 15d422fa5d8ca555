import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;
/** RSS in /proc/<pid>/stat is in pages. */
const PAGE_BYTES = 4096;

export interface ProcSample {
  pid: number;
  ppid: number;
  cpuSeconds: number;
  rssBytes: number;
}

/** One process from its /proc/<pid>/stat alone, or undefined once it has exited. */
function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name may contain spaces and parentheses: fields start after the last ')',
    // at field 3 (state); utime, stime and rss are fields 14, 15 and 24.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
      rssBytes: Number(fields[21]) * PAGE_BYTES,
    };
  } catch {
    return undefined;
  }
}

/** Every process on the machine, read once: one pass over /proc serves every watched tree. */
export function readAllProcesses(): ProcSample[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((sample): sample is ProcSample => sample !== undefined);
}

/**
 * The process `root` and every process whose parent chain leads to it (e.g. Postgres
 * backends), except the subtrees of `excluded` roots (a child watched on its own).
 */
export function treeOf(
  all: ProcSample[],
  root: number,
  excluded: ReadonlySet<number> = new Set(),
): ProcSample[] {
  const children = new Map<number, ProcSample[]>();
  for (const sample of all) children.set(sample.ppid, [...(children.get(sample.ppid) ?? []), sample]);
  const tree: ProcSample[] = [];
  const queue = all.filter((sample) => sample.pid === root);
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []).filter((child) => !excluded.has(child.pid)));
  }
  return tree;
}
