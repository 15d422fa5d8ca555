import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger';

export interface RetryOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { initialDelayMs: 200, maxDelayMs: 10_000 };

export interface RetryScope {
  /** False once the consumer is stopping or lost the partition: give the message back. */
  active: () => boolean;
  heartbeat: () => Promise<void>;
  signal: AbortSignal;
  log: Logger;
  onFailure: (error: unknown) => void;
}

/** Heartbeats while waiting so a long outage does not cost the partition. */
async function wait(ms: number, scope: RetryScope): Promise<void> {
  const until = Date.now() + ms;
  while (scope.active() && Date.now() < until) {
    await scope.heartbeat();
    await sleep(Math.min(1_000, until - Date.now()), undefined, { signal: scope.signal }).catch(
      () => undefined,
    );
  }
}

/**
 * Runs `attempt` until it succeeds, backing off exponentially. Returns false when the
 * consumer stops first: the message stays uncommitted and is read again, never skipped.
 */
export async function retryUntilDone(
  attempt: () => Promise<void>,
  scope: RetryScope,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<boolean> {
  let delay = options.initialDelayMs;
  for (let failures = 0; scope.active(); failures++) {
    try {
      await attempt();
      return true;
    } catch (error) {
      if (!scope.active()) return false;
      scope.onFailure(error);
      scope.log.warn(
        { err: error, failures: failures + 1, retryInMs: delay },
        'infrastructure error, retrying',
      );
      await wait(delay, scope);
      delay = Math.min(delay * 2, options.maxDelayMs);
    }
  }
  return false;
}
