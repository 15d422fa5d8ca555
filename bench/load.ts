/** One unit of work (a saga): resolves with its latency in ms, rejects when it failed or timed out. */
export type RunOne = (index: number) => Promise<{ latencyMs: number; kind: string }>;

export interface PhaseResult {
  /** Units completed inside the measured window. */
  completed: number;
  failed: number;
  seconds: number;
  perSecond: number;
  latencies: { latencyMs: number; kind: string }[];
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Closed loop: `concurrency` workers each start the next unit as soon as theirs finished.
 * The measured window of `seconds` opens once `warmup` units finished, so the workers are
 * out of step with each other (steady state) instead of all starting at once. Throughput
 * counts units that finished inside the window; units still in flight at its end are
 * awaited (so the next phase starts clean) but not counted.
 */
export async function closedLoop(
  options: { concurrency: number; seconds: number; firstIndex: number; warmup: number },
  runOne: RunOne,
  onDone: () => void = () => undefined,
): Promise<PhaseResult> {
  let windowStart = options.warmup <= 0 ? performance.now() : Number.POSITIVE_INFINITY;
  const windowEnd = () => windowStart + options.seconds * 1000;
  let next = options.firstIndex;
  let finished = 0;
  const result: PhaseResult = {
    completed: 0,
    failed: 0,
    seconds: options.seconds,
    perSecond: 0,
    latencies: [],
  };
  const worker = async () => {
    while (performance.now() < windowEnd()) {
      const outcome = await runOne(next++).catch(() => undefined);
      const now = performance.now();
      if (now >= windowStart && now <= windowEnd()) {
        if (outcome) {
          result.completed++;
          result.latencies.push(outcome);
        } else result.failed++;
      }
      if (++finished === options.warmup) windowStart = performance.now();
      onDone();
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  result.perSecond = result.completed / options.seconds;
  return result;
}

/**
 * Open loop: units start on a fixed schedule (`rate` per second) whether or not earlier
 * ones finished, as real traffic does; latency therefore includes any queueing.
 * Throughput is completions over the time from the first start to the last completion.
 */
export async function openLoop(
  options: { rate: number; seconds: number; firstIndex: number },
  runOne: RunOne,
  onDone: () => void = () => undefined,
): Promise<PhaseResult> {
  const total = Math.max(1, Math.round(options.rate * options.seconds));
  const started = performance.now();
  const result: PhaseResult = { completed: 0, failed: 0, seconds: 0, perSecond: 0, latencies: [] };
  const inFlight: Promise<void>[] = [];
  let lastDone = started;
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      runOne(options.firstIndex + i).then(
        (outcome) => {
          result.completed++;
          result.latencies.push(outcome);
          lastDone = performance.now();
          onDone();
        },
        () => {
          result.failed++;
          onDone();
        },
      ),
    );
  }
  await Promise.all(inFlight);
  result.seconds = (lastDone - started) / 1000;
  result.perSecond = result.seconds > 0 ? result.completed / result.seconds : 0;
  return result;
}

/** `runOne` that also counts every unit that completed, warm-up and all phases included. */
export function countCompletions(runOne: RunOne): { runOne: RunOne; completed: () => number } {
  let completed = 0;
  return {
    runOne: async (index) => {
      const outcome = await runOne(index);
      completed++;
      return outcome;
    },
    completed: () => completed,
  };
}
