import type { Client } from '@temporalio/client';
import { Gauge, type Registry } from 'prom-client';
import { SAGA_STATUSES, type SagaStatus } from '../../contract/saga';

const NAME = 'sagas';

/**
 * A run a stuck saga continued from keeps the status it had, so each saga counts once:
 * by its latest run.
 */
export function sagaCountQuery(status: SagaStatus): string {
  return `SagaStatus = "${status}" AND ExecutionStatus != "ContinuedAsNew"`;
}

/**
 * Sagas by status, counted in Temporal's visibility store when scraped: it covers every
 * worker of the namespace, so COMPENSATION_STUCK and COMPLETION_STUCK show the sagas that
 * need an operator.
 */
export function registerSagaGauge(registry: Registry, client: Client): void {
  if (registry.getSingleMetric(NAME)) return;
  new Gauge({
    name: NAME,
    help: 'Sagas by SagaStatus (from Temporal visibility; includes closed sagas still retained)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      await Promise.all(
        SAGA_STATUSES.map(async (status) => {
          const { count } = await client.workflow.count(sagaCountQuery(status));
          this.set({ status }, count);
        }),
      );
    },
  });
}
