import { Client, Connection } from '@temporalio/client';
import { getConfig } from '../src/config';
import { createDatabase } from '../src/db/prisma';
import { temporalConnectionOptions } from '../src/temporal/connection-options';
import { upAll } from '../dev/infra/manager';
import { createLogger } from '../src/logger';
import { createBenchCatalog } from './catalog';
import { runCeiling } from './ceiling';
import { measureCost, type CostResult } from './cost';
import { runEndToEnd, type E2eResult } from './e2e';
import { startEventReader } from './event-reader';
import { LOAD_PROCESS, SERVICE_PROCESS, startFootprint, type ProcessFootprint } from './footprint';
import { countCompletions } from './load';
import { summarizeRun, type BenchSummary } from './summary';
import { isolatedConfig } from '../dev/isolated-config';
import { describeMachine } from './machine';
import { DEFAULT_OPTIONS, type BenchOptions } from './options';
import { createProgress } from './progress';
import { benchRelay, type RelayResult } from './relay-bench';
import { ourRelay } from './relay-ours';
import { peerRelay } from './relay-peer';
import { sagaRunner } from './saga-driver';
import { startServiceProcess } from './service-process';
import { measureStepsCost, type StepsCostResult } from './steps-cost';
import { round2 } from './stats';
import { measureWorkflowCost, type WorkflowCostResult } from './workflow-cost';
import { createKafka } from '../src/kafka/client';

export interface BenchReport {
  startedAt: string;
  finishedAt?: string;
  options: BenchOptions;
  environment: Awaited<ReturnType<typeof describeMachine>> & { conditions: string };
  e2e?: E2eResult;
  ceiling?: {
    barePerSecond: number;
    sagaPerSecond: number;
    ratio: number;
    concurrency: number;
    activities: number;
    /** What the bare workflow's worker and the server spend per workflow, ms: Temporal's cost alone. */
    workerCpuMsPerWorkflow: number | null;
    temporalCpuMsPerWorkflow: number | null;
  };
  cost?: CostResult[];
  steps?: StepsCostResult;
  workflow?: WorkflowCostResult;
  relay?: { ours: RelayResult; peer: RelayResult | { error: string }; throughputRatio: number | null };
  footprint?: ProcessFootprint[];
  /** Sagas that finished while the footprint was sampled: what its CPU figures are per. */
  footprintSagas?: number;
  /** The headline figures, with the same names in every run, to compare runs. */
  summary?: BenchSummary;
}

/**
 * Runs the selected scenarios in one go against the local infrastructure, with the
 * service's roles in this process on an isolated configuration. Scenarios that would
 * disturb each other run one after the other, never side by side.
 */
export async function runBenchmark(overrides: Partial<BenchOptions> = {}): Promise<BenchReport> {
  const options: BenchOptions = { ...DEFAULT_OPTIONS, ...overrides };
  const wants = (scenario: BenchOptions['scenarios'][number]) => options.scenarios.includes(scenario);
  const base = getConfig();
  await upAll(base);
  const log = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
  const echoServiceLogs = process.env.BENCH_LOG_LEVEL !== undefined;
  const progress = createProgress(options.progress);
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    options,
    environment: {
      ...(await describeMachine(base.databaseUrl)),
      conditions: 'Temporal, Kafka, PostgreSQL and the service roles colocated on this machine',
    },
  };
  const config = await isolatedConfig(base, 'bench');
  const db = createDatabase(config.databaseUrl);
  const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const producer = createKafka(config, log, 'bench-producer').producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const reader = await startEventReader(config, log);
  const makeOrder = await createBenchCatalog(db);
  const driver = { config, producer, reader, makeOrder, compensatedShare: options.compensatedShare };
  try {
    if (wants('e2e') || wants('ceiling') || wants('footprint')) {
      const service = await startServiceProcess(config, echoServiceLogs);
      const stopFootprint = startFootprint(options.footprintSampleMs, [
        { name: SERVICE_PROCESS, pid: service.pid },
        { name: LOAD_PROCESS, pid: process.pid },
      ]);
      const expected = options.concurrency * 2 + options.durationSeconds * 50;
      const counted = countCompletions(sagaRunner(driver));
      try {
        report.e2e = await runEndToEnd(options, counted.runOne, (phase) =>
          progress.phase(phase, expected, 'sagas'),
        );
      } finally {
        report.footprint = stopFootprint();
        report.footprintSagas = counted.completed();
        await service.stop();
      }
    }
    if (wants('ceiling') && report.e2e) {
      const tick = progress.phase('bare workflow ceiling', options.durationSeconds * 100, 'workflows');
      const bare = await runCeiling(options, config, client, tick);
      report.ceiling = {
        barePerSecond: round2(bare.perSecond),
        sagaPerSecond: report.e2e.peakPerSecond,
        ratio: round2(report.e2e.peakPerSecond / bare.perSecond),
        concurrency: options.concurrency,
        activities: options.bareActivities,
        workerCpuMsPerWorkflow: bare.workerCpuMsPerWorkflow,
        temporalCpuMsPerWorkflow: bare.temporalCpuMsPerWorkflow,
      };
    }
    if (wants('cost')) {
      report.cost = [];
      for (const path of ['happy', 'compensated'] as const) {
        const tick = progress.phase(`cost, ${path} path`, options.costOrders, 'sagas');
        const share = path === 'happy' ? 0 : 1;
        report.cost.push(
          await measureCost({
            path,
            count: options.costOrders,
            concurrency: options.concurrency,
            config,
            echoServiceLogs,
            client,
            reader,
            runOne: (started) => sagaRunner({ ...driver, compensatedShare: share, started }),
            tick,
          }),
        );
      }
    }
    if (wants('steps')) {
      report.steps = await measureStepsCost({
        db,
        config,
        count: options.stepsOrders,
        makeOrder: () => makeOrder('happy'),
        tick: progress.phase('forward steps alone', options.stepsOrders, 'sagas'),
      });
    }
    if (wants('workflow')) {
      const done = progress.phase('workflow code alone', 1, 'runs');
      report.workflow = await measureWorkflowCost(options.workflowReplays);
      done();
    }
    if (wants('relay')) report.relay = await relayScenario(options, config, db, log, progress);
  } finally {
    progress.finish();
    await reader.stop();
    await producer.disconnect();
    await connection.close();
    await db.$disconnect();
  }
  report.finishedAt = new Date().toISOString();
  report.summary = summarizeRun(report);
  return report;
}

async function relayScenario(
  options: BenchOptions,
  config: Awaited<ReturnType<typeof isolatedConfig>>,
  db: ReturnType<typeof createDatabase>,
  log: ReturnType<typeof createLogger>,
  progress: ReturnType<typeof createProgress>,
): Promise<NonNullable<BenchReport['relay']>> {
  const ours = ourRelay(config, db, log);
  const oursResult = await benchRelay(
    options,
    config,
    log,
    ours,
    progress.phase('relay: ours', options.relayRows, 'events'),
  ).finally(() => ours.close());
  let peer: RelayResult | { error: string };
  try {
    const contender = await peerRelay(config, log, {
      batchSize: options.peerBatchSize,
      pollMs: options.peerPollMs,
    });
    peer = await benchRelay(
      options,
      config,
      log,
      contender,
      progress.phase('relay: peer', options.relayRows, 'events'),
    ).finally(() => contender.close());
  } catch (error) {
    peer = { error: error instanceof Error ? error.message : String(error) };
  }
  const ratio =
    'flatOut' in peer ? round2(oursResult.flatOut.eventsPerSecond / peer.flatOut.eventsPerSecond) : null;
  return { ours: oursResult, peer, throughputRatio: ratio };
}
