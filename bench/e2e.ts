import type { BenchOptions } from './options';
import { closedLoop, openLoop, type PhaseResult, type RunOne } from './load';
import { round2, summarize, type LatencySummary } from './stats';

export interface RateResult {
  phase: string;
  /** The open loop's rate as a share of the closed loop's peak; null for the closed loop. */
  fractionOfPeak: number | null;
  targetPerSecond: number | null;
  completedPerSecond: number;
  completed: number;
  failed: number;
  latencyMs: LatencySummary;
  happyLatencyMs: LatencySummary;
  compensatedLatencyMs: LatencySummary;
}

export interface E2eResult {
  peakPerSecond: number;
  phases: RateResult[];
}

function toRate(
  phase: string,
  fractionOfPeak: number | null,
  target: number | null,
  result: PhaseResult,
): RateResult {
  const of = (kind?: string) =>
    summarize(result.latencies.filter((l) => kind === undefined || l.kind === kind).map((l) => l.latencyMs));
  return {
    phase,
    fractionOfPeak,
    targetPerSecond: target,
    completedPerSecond: round2(result.perSecond),
    completed: result.completed,
    failed: result.failed,
    latencyMs: of(),
    happyLatencyMs: of('happy'),
    compensatedLatencyMs: of('compensated'),
  };
}

/**
 * Closed loop at `concurrency` finds the peak; then open loops at fixed fractions of
 * that peak show latency under a load the service can sustain. The closed loop's first
 * `concurrency` sagas are a warm-up (JIT, connections, workers out of step), not measured.
 */
export async function runEndToEnd(
  options: BenchOptions,
  runOne: RunOne,
  tick: (phase: string) => () => void,
): Promise<E2eResult> {
  let index = 0;
  const closed = await closedLoop(
    {
      concurrency: options.concurrency,
      seconds: options.durationSeconds,
      firstIndex: index,
      warmup: options.concurrency,
    },
    runOne,
    tick('e2e closed loop'),
  );
  index += closed.completed + closed.failed + options.concurrency;
  const phases = [toRate(`closed loop, ${options.concurrency} in flight`, null, null, closed)];
  for (const fraction of options.rateFractions) {
    const rate = Math.max(1, closed.perSecond * fraction);
    const open = await openLoop(
      { rate, seconds: options.durationSeconds, firstIndex: index },
      runOne,
      tick(`e2e ${Math.round(fraction * 100)}% of peak`),
    );
    index += open.completed + open.failed;
    phases.push(toRate(`open loop, ${Math.round(fraction * 100)}% of peak`, fraction, round2(rate), open));
  }
  return { peakPerSecond: round2(closed.perSecond), phases };
}
