import { ActivityFailure, patched, workflowInfo } from '@temporalio/workflow';
import { PATCHES } from './patches';
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
  /** Continues the saga as a new run that goes on with the next round after `failedRounds`. */
  continueAsNew(failedRounds: number): Promise<never>;
  /** Rounds that already failed in earlier runs of this saga. */
  failedBefore?: number;
}

/**
 * Repeats a round until it succeeds. Between rounds the saga is stuck and waits a growing
 * backoff, or less if an operator resumes it. Giving up would leave stock reserved, money
 * held or a paid order unconfirmed with nobody noticing, so it never does. Once the
 * history is long it continues as a new run between two rounds, so it stays bounded.
 */
export async function retryInRounds(
  rounds: Rounds,
  saga: SagaTracker,
  tuning: SagaTuning,
): Promise<'done' | 'gave up'> {
  for (let failedRounds = (rounds.failedBefore ?? 0) + 1; ; failedRounds++) {
    try {
      await rounds.attempt();
      return 'done';
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      if (rounds.failed(err, failedRounds) === 'give up') return 'gave up';
      await saga.waitForResume(stuckBackoffMs(tuning, failedRounds));
      if (historyIsLong(tuning)) await rounds.continueAsNew(failedRounds);
    }
  }
}

function historyIsLong(tuning: SagaTuning): boolean {
  const { continueAsNewSuggested, historyLength } = workflowInfo();
  return (
    (continueAsNewSuggested || historyLength >= tuning.continueAsNewAfterEvents) &&
    patched(PATCHES.stuckSagaContinuesAsNew)
  );
}
