import type { Client } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import type { Database } from '../../db/prisma';
import { databaseViolations } from './database-checks';
import { kafkaViolations } from './kafka-checks';
import { sagaViolations } from './saga-checks';
import { INVARIANTS, type Invariant, type ReconcileScope, type Violation } from './violations';

export interface ReconcileDeps {
  db: Database;
  client: Client;
  namespace: string;
  admin: Pick<Admin, 'fetchTopicOffsets'>;
}

export interface ReconcileReport {
  violations: Violation[];
  /** Violations per invariant, every invariant named (0 when it holds). */
  counts: Record<Invariant, number>;
  /** Orders checked against their sagas in Temporal. */
  sagasInspected: number;
}

export const DEFAULT_SCOPE: ReconcileScope = { maxSagas: 10_000, outboxMaxAgeSeconds: 300 };

/** Checks every invariant across PostgreSQL, Temporal and Kafka; `onStep` reports progress. */
export async function reconcile(
  deps: ReconcileDeps,
  scope: ReconcileScope = DEFAULT_SCOPE,
  onStep: (done: number, total: number) => void = () => undefined,
): Promise<ReconcileReport> {
  const steps = [
    async () => ({ violations: await databaseViolations(deps.db, scope), inspected: 0 }),
    () => sagaViolations(deps.client, deps.namespace, deps.db, scope),
    async () => ({
      // A scoped run checks its orders; the topics' ends are a property of the whole outbox.
      violations: scope.orderIds ? [] : await kafkaViolations(deps.db, deps.admin),
      inspected: 0,
    }),
  ];
  const violations: Violation[] = [];
  let sagasInspected = 0;
  for (const [index, step] of steps.entries()) {
    const result = await step();
    violations.push(...result.violations);
    sagasInspected += result.inspected;
    onStep(index + 1, steps.length);
  }
  const counts = Object.fromEntries(INVARIANTS.map((name) => [name, 0])) as Record<Invariant, number>;
  for (const violation of violations) counts[violation.invariant] += 1;
  return { violations, counts, sagasInspected };
}
