import { COMMAND_TYPES } from '../../contract/events';
import type { Client } from '@temporalio/client';
import { DEFAULT_CANCEL_REASON } from '../../contract/saga';
import { cancelFromDoor } from '../cancel/door-cancel';
import type { Config } from '../config';
import type { Database } from '../db/prisma';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { workflowIdFor } from '../../contract/order';
import { conflictOrRethrow, OrderConflictError, startSaga } from '../temporal/saga-client';
import type { DeadLetterReason, MessageSource } from './dead-letter';
import type { InboundCommand } from './parse-command';

export type CommandOutcome =
  'started' | 'duplicate' | 'cancel-signalled' | 'cancel-recorded' | 'cancel-no-running-saga';

/** A command no retry can apply: it belongs in the dead-letter topic. */
export interface Refused {
  deadLetter: DeadLetterReason;
}

export interface ApplyDeps {
  client: Client;
  /** Where a cancel for an order not placed yet is recorded. */
  db: Database;
  config: Config;
  metrics: Metrics;
  /** Bounds each Temporal call so an unresponsive server turns into a retry, not a hang. */
  callTimeoutMs: number;
  /** Whether `client` is on this process's worker connection (see startSaga). */
  eagerStart: boolean;
  signal: AbortSignal;
}

async function bounded<T>(deps: ApplyDeps, call: () => Promise<T>): Promise<T> {
  const { client, signal } = deps;
  // A signal per call: the client adds an abort listener per request and never removes it.
  const callController = new AbortController();
  const abort = () => callController.abort();
  signal.addEventListener('abort', abort, { once: true });
  try {
    return await client.withAbortSignal(callController.signal, () =>
      client.withDeadline(Date.now() + deps.callTimeoutMs, call),
    );
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/**
 * Hands one valid command to Temporal. Resolves once Temporal has durably recorded it (or
 * it is known to need nothing), or with Refused when it never can be; any error means
 * "not done yet, retry".
 */
export async function applyCommand(
  command: InboundCommand,
  deps: ApplyDeps,
  log: Logger,
  source: MessageSource,
): Promise<CommandOutcome | Refused> {
  if (command.type === COMMAND_TYPES.orderPlaced) {
    const origin = { door: 'kafka', ...source, eventId: command.eventId } as const;
    const started = await bounded(deps, () =>
      startSaga(deps.client, deps.config, command.order, command.eventId, { origin, eager: deps.eagerStart }),
    ).catch(conflictOrRethrow);
    if (started instanceof OrderConflictError)
      return { deadLetter: { error: 'OrderConflict', message: started.message } };
    const line = { workflowId: started.workflowId, runId: started.runId, eager: started.eager };
    if (started.alreadyStarted) {
      log.info(line, 'saga already started, redelivery ignored');
      return 'duplicate';
    }
    deps.metrics.sagasStarted.inc({ door: 'kafka' });
    log.info(line, 'saga started');
    return 'started';
  }
  const { orderId } = command;
  const workflowId = workflowIdFor(orderId);
  const reason = command.reason ?? DEFAULT_CANCEL_REASON;
  const fence = { reason, source: 'KAFKA', causationId: command.eventId } as const;
  const call = <T>(temporalCall: () => Promise<T>) => bounded(deps, temporalCall);
  const cancel = await cancelFromDoor({ client: deps.client, db: deps.db, call }, orderId, fence);
  if (cancel.outcome === 'requested') {
    log.info({ workflowId, reason }, 'cancel signalled');
    return 'cancel-signalled';
  }
  if (cancel.outcome === 'recorded') {
    log.info({ workflowId, reason }, 'cancel recorded before its order arrived');
    return 'cancel-recorded';
  }
  // Not dead-lettered: a cancel racing the end of its saga is an ordinary outcome, and
  // replaying it later could never succeed. It stays visible in logs and the metric.
  log.warn(
    { workflowId, reason },
    'cancel requested past the point of no return or after the saga ended, ignored',
  );
  return 'cancel-no-running-saga';
}
