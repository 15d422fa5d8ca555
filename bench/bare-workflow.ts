import { proxyActivities } from '@temporalio/workflow';

/** No-op activities: whatever time the bare workflow takes is Temporal's own. */
export interface BareActivities {
  noop(step: number): Promise<void>;
}

const { noop } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/**
 * The saga's shape without its work: the same number of sequential activities, no
 * database, no Kafka. Its throughput on the same server and worker settings is the
 * ceiling the saga is compared with.
 */
export async function bareSaga(activities: number): Promise<number> {
  for (let step = 0; step < activities; step++) await noop(step);
  return activities;
}
