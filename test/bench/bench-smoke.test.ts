import { describe, expect, it } from 'vitest';
import { SMOKE_OPTIONS } from '../../bench/options';
import { summaryRows } from '../../bench/report';
import { runBenchmark } from '../../bench/benchmark';
import { LOAD_PROCESS, SERVICE_PROCESS, TEMPORAL_PROCESS } from '../../bench/footprint';

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
    expect(report.ceiling?.workerCpuMsPerWorkflow).toBeGreaterThan(0);
    // Temporal's CPU is known only for a server this checkout started (it has a pid file here).
    const temporalSeen = report.footprint!.some((f) => f.process === TEMPORAL_PROCESS && f.pids > 0);
    if (temporalSeen) expect(report.ceiling?.temporalCpuMsPerWorkflow).toBeGreaterThan(0);
    else expect(report.ceiling?.temporalCpuMsPerWorkflow).toBeNull();

    expect(report.cost?.map((cost) => cost.path)).toEqual(['happy', 'compensated']);
    for (const cost of report.cost!) {
      expect(cost.sagas).toBeGreaterThan(0);
      expect(cost.pgCommitsPerSaga).toBeGreaterThan(0);
      expect(cost.pgWriteTransactionsPerSaga).toBeGreaterThan(0);
      expect(cost.temporalStateTransitionsPerSaga).toBeGreaterThan(0);
      expect(cost.kafkaMessagesInPerSaga).toBe(1);
      expect(cost.kafkaMessagesOutPerSaga).toBeGreaterThan(0);
    }

    expect(report.steps).toMatchObject({
      sagas: SMOKE_OPTIONS.stepsOrders,
      confirmed: SMOKE_OPTIONS.stepsOrders,
    });
    expect(report.steps!.cpuMsPerSaga).toBeGreaterThan(0);

    expect(report.workflow?.replays).toBe(SMOKE_OPTIONS.workflowReplays);
    expect(report.workflow!.cpuMsPerReplay).toBeGreaterThan(0);
    // The hook tags only promises made inside a workflow: none counted would mean it measured nothing.
    expect(report.workflow!.workflowPromisesPerReplay).toBeGreaterThan(0);

    const ours = report.relay!.ours;
    expect(ours.flatOut.eventsPerSecond).toBeGreaterThan(0);
    expect(ours.atRate.lagMs.count).toBeGreaterThan(0);
    const peer = report.relay!.peer;
    if ('error' in peer) throw new Error(`the peer relay failed: ${peer.error}`);
    expect(peer.flatOut.eventsPerSecond).toBeGreaterThan(0);

    expect(report.footprint?.map((f) => f.process)).toHaveLength(5);
    const service = report.footprint!.find((f) => f.process === SERVICE_PROCESS)!;
    const load = report.footprint!.find((f) => f.process === LOAD_PROCESS)!;
    // The service runs in a process of its own, apart from the load generator.
    expect(service.pids).toBeGreaterThan(0);
    expect(service.cpuSeconds).toBeGreaterThan(0);
    expect(load.peakRssMb).toBeGreaterThan(0);
    // A server started outside this checkout has no pid file here and is reported as not found.
    expect(report.footprint!.filter((f) => f.pids > 0).every((f) => f.peakRssMb > 0)).toBe(true);

    expect(summaryRows(report).length).toBeGreaterThan(10);

    const summary = report.summary!;
    expect(Object.keys(summary).sort()).toEqual(
      [
        'sagaPerSecond',
        'barePerSecond',
        'ratioToBare',
        'halfPeakP50Ms',
        'halfPeakP99Ms',
        'cpuMsPerSaga',
        'temporalTransitionsPerSaga',
        'pgWriteTransactionsPerSaga',
      ].sort(),
    );
    expect(Object.keys(summary.cpuMsPerSaga).sort()).toEqual(
      ['total', 'service', 'temporal', 'kafka', 'postgres'].sort(),
    );
    expect(summary.sagaPerSecond).toBe(report.e2e!.peakPerSecond);
    expect(summary.ratioToBare).toBe(report.ceiling!.ratio);
    expect(summary.halfPeakP99Ms).toBe(report.e2e!.phases[1]!.latencyMs.p99);
    expect(summary.temporalTransitionsPerSaga).toBe(report.cost![0]!.temporalStateTransitionsPerSaga);
    expect(summary.pgWriteTransactionsPerSaga).toBe(report.cost![0]!.pgWriteTransactionsPerSaga);
    expect(report.footprintSagas).toBeGreaterThan(0);
    expect(summary.cpuMsPerSaga.service).toBeCloseTo((service.cpuSeconds * 1000) / report.footprintSagas!, 1);
  }, 180_000);
});
