import type { Logger } from '../../logger';
import type { Metrics } from '../../metrics';
import type { StopFunction } from '../../roles/role';
import { reconcile, type ReconcileDeps } from './reconcile';
import type { ReconcileScope } from './violations';

export interface ReconcilerOptions {
  deps: ReconcileDeps;
  scope: ReconcileScope;
  intervalMs: number;
  metrics: Metrics;
  log: Logger;
}

/**
 * Reconciles every `intervalMs` (never two runs at once), exporting the violation count
 * of every invariant as a gauge and logging each violation found.
 */
export function startReconciler({ deps, scope, intervalMs, metrics, log }: ReconcilerOptions): StopFunction {
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= reconcile(deps, scope)
      .then((report) => {
        for (const [invariant, count] of Object.entries(report.counts))
          metrics.reconcileViolations.set({ invariant }, count);
        metrics.reconcileRuns.inc({ outcome: report.violations.length > 0 ? 'violations' : 'ok' });
        for (const violation of report.violations.slice(0, 100))
          log.warn(violation, 'reconciliation found a violation');
        log.info(
          { violations: report.violations.length, sagasInspected: report.sagasInspected },
          'reconciliation done',
        );
      })
      .catch((error: unknown) => {
        metrics.reconcileRuns.inc({ outcome: 'failed' });
        log.error({ err: error }, 'reconciliation failed');
      })
      .finally(() => (running = undefined)));
  const timer = setInterval(() => void run(), intervalMs);
  return async () => {
    clearInterval(timer);
    await running;
  };
}
