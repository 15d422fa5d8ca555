/**
 * Retry and backoff timings of the saga, in milliseconds. The defaults are the
 * production values; tests pass millisecond timings through `OrderSagaInput.tuning`.
 * The effective values are part of the workflow input, so they are recorded in the
 * history and replay sees the same numbers.
 */
export interface SagaTuning {
  /** Start-to-close timeout of one attempt of any activity. */
  activityTimeoutMs: number;
  /** Forward steps: infrastructure errors are retried with exponential backoff. */
  stepInitialIntervalMs: number;
  stepMaximumIntervalMs: number;
  /** After this many attempts a forward step counts as failed and the saga compensates. */
  stepMaximumAttempts: number;
  /** One compensation round: a few attempts with backoff before the saga reports itself stuck. */
  compensationAttemptsPerRound: number;
  compensationInitialIntervalMs: number;
  compensationMaximumIntervalMs: number;
  /** Wait between stuck rounds: grows by `stuckBackoffCoefficient` up to the maximum. */
  stuckInitialBackoffMs: number;
  stuckMaximumBackoffMs: number;
  stuckBackoffCoefficient: number;
  /**
   * A stuck saga continues as a new run between rounds once its history has this many
   * events (or the server suggests it), so a saga stuck for weeks keeps a bounded history.
   */
  continueAsNewAfterEvents: number;
}

export const DEFAULT_SAGA_TUNING: SagaTuning = {
  activityTimeoutMs: 30_000,
  stepInitialIntervalMs: 1_000,
  stepMaximumIntervalMs: 60_000,
  stepMaximumAttempts: 20,
  compensationAttemptsPerRound: 5,
  compensationInitialIntervalMs: 1_000,
  compensationMaximumIntervalMs: 30_000,
  stuckInitialBackoffMs: 60_000,
  stuckMaximumBackoffMs: 3_600_000,
  stuckBackoffCoefficient: 2,
  continueAsNewAfterEvents: 1_000,
};

export function resolveTuning(overrides: Partial<SagaTuning> = {}): SagaTuning {
  return { ...DEFAULT_SAGA_TUNING, ...overrides };
}

export function stuckBackoffMs(tuning: SagaTuning, failedRounds: number): number {
  const grown = tuning.stuckInitialBackoffMs * tuning.stuckBackoffCoefficient ** (failedRounds - 1);
  return Math.min(grown, tuning.stuckMaximumBackoffMs);
}
