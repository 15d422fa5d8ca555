import { readPid } from '../dev/infra/processes';
import { services } from '../dev/infra/manager';
import { readAllProcesses, treeOf, type ProcSample } from './proc-stats';
import { round2 } from './stats';

export interface ProcessFootprint {
  process: string;
  pids: number;
  peakRssMb: number;
  cpuSeconds: number;
  /** CPU seconds per wall-clock second: 1.0 is one core busy all the time. */
  cores: number;
}

interface Watched {
  name: string;
  sample: (all: ProcSample[]) => ProcSample[];
  firstCpu: Map<number, number>;
  lastCpu: Map<number, number>;
  peakRss: number;
  pids: Set<number>;
}

export const SERVICE_PROCESS = 'service (worker, ingress, relay)';
export const TEMPORAL_PROCESS = 'Temporal';
export const LOAD_PROCESS = 'load generator (benchmark process)';

/** A process of the benchmark's own to watch besides the local servers. */
export interface WatchedProcess {
  name: string;
  pid: number;
}

/**
 * The processes to watch: the benchmark's own (service, load generator) and each local
 * server. The service is a child of the load generator: each tree stops at the other
 * watched roots, so no CPU is counted twice.
 */
function watchList(own: WatchedProcess[]): { name: string; sample: (all: ProcSample[]) => ProcSample[] }[] {
  const roots = new Set(own.map(({ pid }) => pid));
  const ours = own.map(({ name, pid }) => ({ name, sample: (all: ProcSample[]) => treeOf(all, pid, roots) }));
  const servers = services.map((service) => ({
    name: service.name,
    // Read on every sample: a server restarted during the run is followed to its new pid.
    // Postgres forks a backend per connection: count the whole tree under its daemon.
    sample: (all: ProcSample[]) => {
      const pid = readPid(service.dir);
      return pid === undefined ? [] : treeOf(all, pid, roots);
    },
  }));
  return [...ours, ...servers];
}

/**
 * Samples RSS and CPU time every `intervalMs` until stopped. CPU seconds are per-pid
 * deltas over the window summed, so backends that come and go are counted while seen.
 */
export function startFootprint(intervalMs: number, own: WatchedProcess[]) {
  const started = performance.now();
  const watched: Watched[] = watchList(own).map((w) => ({
    ...w,
    firstCpu: new Map(),
    lastCpu: new Map(),
    peakRss: 0,
    pids: new Set(),
  }));
  const tick = () => {
    const all = readAllProcesses();
    for (const w of watched) {
      const samples = w.sample(all);
      w.peakRss = Math.max(
        w.peakRss,
        samples.reduce((sum, s) => sum + s.rssBytes, 0),
      );
      for (const s of samples) {
        w.pids.add(s.pid);
        if (!w.firstCpu.has(s.pid)) w.firstCpu.set(s.pid, s.cpuSeconds);
        w.lastCpu.set(s.pid, s.cpuSeconds);
      }
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return (): ProcessFootprint[] => {
    clearInterval(timer);
    tick();
    const wallSeconds = (performance.now() - started) / 1000;
    return watched.map((w) => {
      let cpu = 0;
      for (const [pid, last] of w.lastCpu) cpu += last - (w.firstCpu.get(pid) ?? last);
      return {
        process: w.name,
        pids: w.pids.size,
        peakRssMb: round2(w.peakRss / 1024 / 1024),
        cpuSeconds: round2(cpu),
        cores: round2(cpu / wallSeconds),
      };
    });
  };
}

/** CPU ms of one watched process per unit of work done while it was watched; null if not seen. */
export function cpuMsPer(
  footprint: ProcessFootprint[] | undefined,
  name: string,
  units: number,
): number | null {
  const process = footprint?.find((f) => f.process === name);
  return process && process.pids > 0 && units > 0 ? round2((process.cpuSeconds * 1000) / units) : null;
}
