import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { workflowIdFor } from '../../contract/order';
import { resumeSignal, SEARCH_ATTRIBUTE_KEYS, statusQuery, type SagaStatus } from '../../contract/saga';

export const STUCK_STATUSES = ['COMPENSATION_STUCK', 'COMPLETION_STUCK'] as const satisfies SagaStatus[];

/** The running sagas that need an operator, by their `SagaStatus` search attribute. */
export const STUCK_QUERY = `SagaStatus IN (${STUCK_STATUSES.map((s) => `"${s}"`).join(', ')}) AND ExecutionStatus = "Running"`;

export interface StuckSaga {
  orderId: string;
  workflowId: string;
  runId: string;
  status: string;
  startedAt: string;
  /** The compensation, or `completeOrder`, that keeps failing. */
  failingStep?: string;
  error?: string;
  /** Whole rounds of attempts that failed so far. */
  rounds?: number;
  /** Set when the status query went unanswered (no worker polls the task queue). */
  queryError?: string;
}

const QUERY_TIMEOUT_MS = 5_000;

async function details(client: Client, workflowId: string): Promise<Partial<StuckSaga>> {
  try {
    const state = await client.withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
      client.workflow.getHandle(workflowId).query(statusQuery),
    );
    if (state.lastCompensationError) {
      const { compensation, message, failedRounds } = state.lastCompensationError;
      return { failingStep: compensation, error: message, rounds: failedRounds };
    }
    if (state.lastCompletionError) {
      const { type, message, failedRounds } = state.lastCompletionError;
      return { failingStep: 'completeOrder', error: `${type}: ${message}`, rounds: failedRounds };
    }
    return {};
  } catch (error) {
    return {
      queryError: `status query unanswered: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Every stuck saga with its failing step, error and failed rounds (from the status query). */
export async function listStuck(client: Client, limit = 1_000): Promise<StuckSaga[]> {
  const found: StuckSaga[] = [];
  for await (const run of client.workflow.list({ query: STUCK_QUERY, pageSize: 100 })) {
    found.push({
      orderId: run.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.orderId) ?? run.workflowId,
      workflowId: run.workflowId,
      runId: run.runId,
      status: run.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus) ?? 'unknown',
      startedAt: run.startTime.toISOString(),
      ...(await details(client, run.workflowId)),
    });
    if (found.length >= limit) break;
  }
  return found;
}

export type ResumeResult =
  { orderId: string; outcome: 'resumed' } | { orderId: string; outcome: 'refused'; reason: string };

/** Sends `resume` to the order's saga, after checking that it is running and stuck. */
export async function resumeStuck(client: Client, orderId: string): Promise<ResumeResult> {
  const handle = client.workflow.getHandle(workflowIdFor(orderId));
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  });
  if (!description) return { orderId, outcome: 'refused', reason: 'no saga for this order' };
  const status = description.typedSearchAttributes.get(SEARCH_ATTRIBUTE_KEYS.sagaStatus);
  if (description.status.name !== 'RUNNING' || !(STUCK_STATUSES as readonly string[]).includes(status ?? ''))
    return {
      orderId,
      outcome: 'refused',
      reason: `not stuck (${description.status.name}, SagaStatus ${status ?? 'unknown'})`,
    };
  await handle.signal(resumeSignal);
  return { orderId, outcome: 'resumed' };
}
