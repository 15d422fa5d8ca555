import type { BenchReport } from './benchmark';
import { cpuMsPer, SERVICE_PROCESS, TEMPORAL_PROCESS } from './footprint';
import { round2 } from './stats';

/** One run's headline figures under fixed names; `null` where the scenario did not run. */
export interface BenchSummary {
  sagaPerSecond: number | null;
  barePerSecond: number | null;
  ratioToBare: number | null;
  halfPeakP50Ms: number | null;
  halfPeakP99Ms: number | null;
  /** CPU time per finished saga while sagas ran; the load generator is in none of them. */
  cpuMsPerSaga: {
    total: number | null;
    service: number | null;
    temporal: number | null;
    kafka: number | null;
    postgres: number | null;
  };
  temporalTransitionsPerSaga: number | null;
  pgWriteTransactionsPerSaga: number | null;
}

const CPU_PROCESSES = {
  service: SERVICE_PROCESS,
  temporal: TEMPORAL_PROCESS,
  kafka: 'Kafka',
  postgres: 'PostgreSQL',
} as const;

function cpuMsPerSaga(report: BenchReport): BenchSummary['cpuMsPerSaga'] {
  const sagas = report.footprintSagas ?? 0;
  const of = (name: string) => cpuMsPer(report.footprint, name, sagas);
  const parts = {
    service: of(CPU_PROCESSES.service),
    temporal: of(CPU_PROCESSES.temporal),
    kafka: of(CPU_PROCESSES.kafka),
    postgres: of(CPU_PROCESSES.postgres),
  };
  const known = Object.values(parts);
  const total = known.every((ms) => ms !== null) ? round2(known.reduce((a, b) => a + b, 0)) : null;
  return { total, ...parts };
}

export function summarizeRun(report: BenchReport): BenchSummary {
  const halfPeak = report.e2e?.phases.find((phase) => phase.fractionOfPeak === 0.5);
  const happy = report.cost?.find((cost) => cost.path === 'happy');
  return {
    sagaPerSecond: report.e2e?.peakPerSecond ?? null,
    barePerSecond: report.ceiling?.barePerSecond ?? null,
    ratioToBare: report.ceiling?.ratio ?? null,
    halfPeakP50Ms: halfPeak?.latencyMs.p50 ?? null,
    halfPeakP99Ms: halfPeak?.latencyMs.p99 ?? null,
    cpuMsPerSaga: cpuMsPerSaga(report),
    temporalTransitionsPerSaga: happy?.temporalStateTransitionsPerSaga ?? null,
    pgWriteTransactionsPerSaga: happy?.pgWriteTransactionsPerSaga ?? null,
  };
}
