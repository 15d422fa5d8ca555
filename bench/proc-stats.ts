import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  pid: number;
  ppid: number;
  cpuSeconds: number;
  rssBytes: number;
}

/** One process from /proc, or undefined once it has exited. */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses: fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const rssLine = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
    return { pid, ppid, cpuSeconds: cpuTicks / TICKS_PER_SECOND, rssBytes: Number(rssLine?.[1] ?? 0) * 1024 };
  } catch {
    return undefined;
  }
}

/** The process and every process whose parent chain leads to it (e.g. Postgres backends). */
export function readTree(root: number): ProcSample[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProc(Number(name)))
    .filter((sample): sample is ProcSample => sample !== undefined);
  const children = new Map<number, ProcSample[]>();
  for (const sample of all) children.set(sample.ppid, [...(children.get(sample.ppid) ?? []), sample]);
  const tree: ProcSample[] = [];
  const queue = all.filter((sample) => sample.pid === root);
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}
