import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../bench/benchmark';
import { SMOKE_OPTIONS } from '../../bench/options';
import { summaryRows } from '../../bench/report';

describe('benchmark harness', () => {
  it('runs every scenario at tiny sizes and reports every section with sane numbers', async () => {
    const report = await runBenchmark({ ...SMOKE_OPTIONS, progress: false, resultsDir: undefined });

    expect(report.environment.machine.cores).toBeGreaterThan(0);
    expect(report.environment.versions.postgres).toMatch(/^\d+/);

    expect(report.e2e?.peakPerSecond).toBeGreaterThan(0);
    expect(report.e2e?.phases).toHaveLength(3);
    for (const phase of report.e2e!.phases) {
      expect(phase.completed).toBeGreaterThan(0);
      expect(phase.latencyMs.p50).toBeGreaterThan(0);
      expect(phase.latencyMs.p99).toBeGreaterThanOrEqual(phase.latencyMs.p50);
    }

    expect(report.ceiling?.barePerSecond).toBeGreaterThan(0);
    expect(report.ceiling?.ratio).toBeGreaterThan(0);

    expect(report.cost?.map((cost) => cost.path)).toEqual(['happy', 'compensated']);
    for (const cost of report.cost!) {
      expect(cost.sagas).toBeGreaterThan(0);
      expect(cost.pgCommitsPerSaga).toBeGreaterThan(0);
      expect(cost.pgWriteTransactionsPerSaga).toBeGreaterThan(0);
      expect(cost.temporalStateTransitionsPerSaga).toBeGreaterThan(0);
      expect(cost.kafkaMessagesInPerSaga).toBe(1);
      expect(cost.kafkaMessagesOutPerSaga).toBeGreaterThan(0);
    }

    const ours = report.relay!.ours;
    expect(ours.flatOut.eventsPerSecond).toBeGreaterThan(0);
    expect(ours.atRate.lagMs.count).toBeGreaterThan(0);
    const peer = report.relay!.peer;
    if ('error' in peer) throw new Error(`the peer relay failed: ${peer.error}`);
    expect(peer.flatOut.eventsPerSecond).toBeGreaterThan(0);

    expect(report.footprint?.map((f) => f.process)).toHaveLength(4);
    expect(report.footprint![0]!.peakRssMb).toBeGreaterThan(0);
    // A server started outside this checkout has no pid file here and is reported as not found.
    expect(report.footprint!.filter((f) => f.pids > 0).every((f) => f.peakRssMb > 0)).toBe(true);

    expect(summaryRows(report).length).toBeGreaterThan(10);
  }, 180_000);
});
