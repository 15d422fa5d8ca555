import { ActivityFailure } from '@temporalio/workflow';
import type { SagaTracker } from './saga-tracker';
import { stuckBackoffMs, type SagaTuning } from './tuning';

export interface Rounds {
  /** One round: the activity, with as many attempts as its retry policy allows. */
  attempt(): Promise<unknown>;
  /**
   * A round failed: mark the saga stuck and say 'retry'. 'give up' exists only for runs
   * that started before an activity was retried in rounds, so they replay as they ran.
   */
  failed(err: ActivityFailure, failedRounds: number): 'retry' | 'give up';
}

/**
 * Repeats a round until it succeeds. Between rounds the saga is stuck and waits a growing
 * backoff, or less if an operator resumes it. Giving up would leave stock reserved, money
 * held or a paid order unconfirmed with nobody noticing, so it never does.
 */
export async function retryInRounds(
  rounds: Rounds,
  saga: SagaTracker,
  tuning: SagaTuning,
): Promise<'done' | 'gave up'> {
  for (let failedRounds = 1; ; failedRounds++) {
    try {
      await rounds.attempt();
      return 'done';
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      if (rounds.failed(err, failedRounds) === 'give up') return 'gave up';
      await saga.waitForResume(stuckBackoffMs(tuning, failedRounds));
    }
  }
}
