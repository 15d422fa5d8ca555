import { parseArgs } from 'node:util';

export const SCENARIOS = ['e2e', 'ceiling', 'cost', 'steps', 'workflow', 'relay', 'footprint'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Every knob of a run; all of them are recorded in the report. */
export interface BenchOptions {
  scenarios: Scenario[];
  /** Sagas in flight in the closed loop (end-to-end and the bare-workflow ceiling). */
  concurrency: number;
  /** Seconds of each measured phase (closed loop, each open-loop rate, the ceiling). */
  durationSeconds: number;
  /** Open-loop rates as fractions of the closed-loop peak. */
  rateFractions: number[];
  /** Share of orders from a customer without credit (their sagas compensate). */
  compensatedShare: number;
  /** Sagas per cost batch (happy path, then compensated). */
  costOrders: number;
  /** Happy sagas whose four forward steps the steps scenario runs directly. */
  stepsOrders: number;
  /** Replays of the recorded happy saga in the workflow scenario. */
  workflowReplays: number;
  /** No-op activities of the bare workflow: the saga's happy path runs four steps. */
  bareActivities: number;
  relayRows: number;
  relayRatePerSecond: number;
  relayRateSeconds: number;
  /** Give up draining a relay after this long and report what it managed. */
  relayTimeoutSeconds: number;
  /** Poll interval of the peer package (it has no LISTEN/NOTIFY wake-up). */
  peerPollMs: number;
  /** Rows the peer fetches per poll; ours uses RELAY_BATCH_SIZE. */
  peerBatchSize: number;
  footprintSampleMs: number;
  /** Show a progress bar on the terminal. */
  progress: boolean;
  /** Where the JSON and Markdown reports go; none when undefined. */
  resultsDir: string | undefined;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  scenarios: [...SCENARIOS],
  concurrency: 50,
  durationSeconds: 20,
  rateFractions: [0.5, 0.9],
  compensatedShare: 0.1,
  costOrders: 200,
  stepsOrders: 300,
  workflowReplays: 300,
  bareActivities: 4,
  relayRows: 20_000,
  relayRatePerSecond: 500,
  relayRateSeconds: 10,
  relayTimeoutSeconds: 60,
  peerPollMs: 100,
  peerBatchSize: 200,
  footprintSampleMs: 250,
  progress: true,
  resultsDir: 'bench/results',
};

/** Tiny sizes: proves every scenario runs and reports, says nothing about speed. */
export const SMOKE_OPTIONS: Partial<BenchOptions> = {
  concurrency: 5,
  // Long enough that a saga ends inside the closed-loop window even on a busy machine.
  durationSeconds: 3,
  costOrders: 10,
  stepsOrders: 10,
  workflowReplays: 5,
  relayRows: 200,
  relayRatePerSecond: 100,
  relayRateSeconds: 1,
  relayTimeoutSeconds: 30,
};

const number = (value: string | undefined, name: string): number | undefined => {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} expects a number, got ${value}`);
  return parsed;
};

/** CLI flags win over BENCH_* environment variables, which win over the defaults. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenarios: { type: 'string' },
      orders: { type: 'string' },
      'steps-orders': { type: 'string' },
      'workflow-replays': { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      compensated: { type: 'string' },
      'relay-rows': { type: 'string' },
      'relay-rate': { type: 'string' },
      'bare-activities': { type: 'string' },
      smoke: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
    },
  });
  const base =
    values.smoke || env.BENCH_SMOKE === '1' ? { ...DEFAULT_OPTIONS, ...SMOKE_OPTIONS } : DEFAULT_OPTIONS;
  const scenarios = (values.scenarios ?? env.BENCH_SCENARIOS)?.split(',').map((s) => s.trim());
  const unknown = scenarios?.filter((s) => !(SCENARIOS as readonly string[]).includes(s)) ?? [];
  if (unknown.length > 0)
    throw new Error(`Unknown scenario ${unknown.join(', ')}; use ${SCENARIOS.join(',')}`);
  const pick = (flag: string | undefined, envName: string, name: string, fallback: number) =>
    number(flag ?? env[envName], name) ?? fallback;
  return {
    ...base,
    scenarios: (scenarios as Scenario[] | undefined) ?? base.scenarios,
    costOrders: pick(values.orders, 'BENCH_ORDERS', 'orders', base.costOrders),
    stepsOrders: pick(values['steps-orders'], 'BENCH_STEPS_ORDERS', 'steps-orders', base.stepsOrders),
    workflowReplays: pick(
      values['workflow-replays'],
      'BENCH_WORKFLOW_REPLAYS',
      'workflow-replays',
      base.workflowReplays,
    ),
    concurrency: pick(values.concurrency, 'BENCH_CONCURRENCY', 'concurrency', base.concurrency),
    durationSeconds: pick(values.duration, 'BENCH_DURATION', 'duration', base.durationSeconds),
    compensatedShare: pick(values.compensated, 'BENCH_COMPENSATED', 'compensated', base.compensatedShare),
    relayRows: pick(values['relay-rows'], 'BENCH_RELAY_ROWS', 'relay-rows', base.relayRows),
    bareActivities: pick(
      values['bare-activities'],
      'BENCH_BARE_ACTIVITIES',
      'bare-activities',
      base.bareActivities,
    ),
    relayRatePerSecond: pick(values['relay-rate'], 'BENCH_RELAY_RATE', 'relay-rate', base.relayRatePerSecond),
    progress: !values['no-progress'] && Boolean(process.stdout.isTTY),
  };
}
