import { setTimeout as sleep } from 'node:timers/promises';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  type Client,
  type WorkflowExecutionDescription,
} from '@temporalio/client';
import { workflowIdFor, type OrderInput } from '../../contract/order';
import {
  cancelSignal,
  initialSearchAttributes,
  isPastPointOfNoReturn,
  SEARCH_ATTRIBUTE_KEYS,
  statusQuery,
  type SagaOutcome,
  type SagaState,
  type SagaStatus,
} from '../../contract/saga';
import type { orderSaga } from '../../workflows/order-saga';
import type { Config } from '../config';
import { orderDigest } from './order-digest';
import { ORIGIN_MEMO, type SagaOrigin } from './origin';

export interface StartedSaga {
  workflowId: string;
  runId: string;
  /** True when this order's saga already existed (a redelivery or a retried request). */
  alreadyStarted: boolean;
  /** True when Temporal handed the saga's first workflow task straight to this process's worker. */
  eager: boolean;
}

export interface SagaStartOptions {
  /** Which door started the saga, kept in its memo. */
  origin?: SagaOrigin;
  /**
   * Ask for an eager start: Temporal hands the saga's first workflow task back in the start
   * response, to a worker on the client's own connection that has a free slot, instead of
   * through the task queue. Only a client on a worker's NativeConnection can ask.
   */
  eager?: boolean;
}

/** The memo field holding the digest of the order a saga was started with. */
export const ORDER_DIGEST_MEMO = 'orderDigest';

/** The order id already belongs to a saga of a different order: the first order stands. */
export class OrderConflictError extends Error {
  override name = 'OrderConflict';
  constructor(
    readonly orderId: string,
    readonly workflowId: string,
  ) {
    super(`order ${orderId} was already placed with different contents; the first order stands`);
  }
}

/** For `.catch`: an order conflict becomes a value to answer with; any other error stays one. */
export function conflictOrRethrow(error: unknown): OrderConflictError {
  if (error instanceof OrderConflictError) return error;
  throw error;
}

/**
 * Starts the order's saga exactly once: the workflow id is the dedup key, and a second
 * start of the same order returns the existing run instead of failing or starting a twin,
 * even after that run has closed. A different order under an id already used is an
 * OrderConflictError, never silently answered with the first order's saga.
 */
export async function startSaga(
  client: Client,
  config: Config,
  order: OrderInput,
  causationId: string,
  { origin, eager = false }: SagaStartOptions = {},
): Promise<StartedSaga> {
  const workflowId = workflowIdFor(order.orderId);
  const digest = orderDigest(order);
  try {
    const handle = await client.workflow.start<typeof orderSaga>('orderSaga', {
      workflowId,
      taskQueue: config.temporal.taskQueue,
      args: [{ order, causationId }],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      requestEagerStart: eager,
      typedSearchAttributes: initialSearchAttributes(order),
      memo: { [ORDER_DIGEST_MEMO]: digest, ...(origin && { [ORIGIN_MEMO]: origin }) },
    });
    return {
      workflowId,
      runId: handle.firstExecutionRunId,
      alreadyStarted: false,
      eager: handle.eagerlyStarted,
    };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const existing = await client.workflow.getHandle(workflowId).describe();
    // Sagas started before digests were recorded have none; they count as the same order,
    // as every repeated start did then.
    const recorded = existing.memo?.[ORDER_DIGEST_MEMO];
    if (recorded !== undefined && recorded !== digest)
      throw new OrderConflictError(order.orderId, workflowId);
    return { workflowId, runId: existing.runId, alreadyStarted: true, eager: false };
  }
}

export interface SagaView {
  workflowId: string;
  runId: string;
  execution: WorkflowExecutionDescription['status']['name'];
  state: SagaState;
}

/** The saga's live status, or undefined when no saga exists for the order. */
export async function getSaga(client: Client, orderId: string): Promise<SagaView | undefined> {
  const handle = client.workflow.getHandle(workflowIdFor(orderId));
  try {
    const description = await handle.describe();
    const state = await handle.query(statusQuery);
    return {
      workflowId: handle.workflowId,
      runId: description.runId,
      execution: description.status.name,
      state,
    };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

export type SagaForCancel = 'running' | 'not-found' | 'too-late';

/**
 * Whether the order's saga may still be cancelled, decided from the execution and its
 * `SagaStatus` search attribute (no worker needed to answer): 'too-late' once it has
 * ended or passed the point of no return.
 */
export async function sagaForCancel(client: Client, orderId: string): Promise<SagaForCancel> {
  try {
    const description = await client.workflow.getHandle(workflowIdFor(orderId)).describe();
    const status = description.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus) as
      SagaStatus | undefined;
    return description.status.name !== 'RUNNING' || isPastPointOfNoReturn(status) ? 'too-late' : 'running';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'not-found';
    throw error;
  }
}

export type CancelOutcome = 'accepted' | 'not-found' | 'too-late';

/**
 * Signals the saga to cancel unless it is too late (see sagaForCancel), without recording
 * the cancel as the order's fence: the doors use cancelFromDoor, which does. A cancel that
 * races the point of no return is still delivered and recorded by the saga as rejected
 * (see its status); repeating a cancel is harmless.
 */
export async function requestCancel(client: Client, orderId: string, reason: string): Promise<CancelOutcome> {
  const saga = await sagaForCancel(client, orderId);
  if (saga !== 'running') return saga;
  const handle = client.workflow.getHandle(workflowIdFor(orderId));
  try {
    await handle.signal(cancelSignal, reason);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'too-late'; // closed between describe and signal
    throw error;
  }
  return 'accepted';
}

/** Whether the order has a saga, running or ended. */
export async function sagaExists(client: Client, orderId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowIdFor(orderId)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/** Sends the cancel signal as is (the Kafka door): false when there is no running saga. */
export async function signalCancel(client: Client, orderId: string, reason: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowIdFor(orderId)).signal(cancelSignal, reason);
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * How the order's saga ended. A Kafka door starts sagas asynchronously, so this waits up
 * to `startTimeoutMs` for the saga to exist before waiting for its result.
 */
export async function awaitOutcome(
  client: Client,
  orderId: string,
  startTimeoutMs = 60_000,
): Promise<SagaOutcome> {
  const handle = client.workflow.getHandle(workflowIdFor(orderId));
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    try {
      return (await handle.result()) as SagaOutcome;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError) || Date.now() > deadline) throw error;
      await sleep(100);
    }
  }
}
