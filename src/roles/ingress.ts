import { startIngress } from '../ingress/ingress';
import type { RoleContext, StopFunction } from './role';

/** The Kafka ingress: inbound commands become saga starts and cancel signals. */
export function startIngressRole({
  config,
  db,
  log,
  metrics,
  workerConnection,
}: RoleContext): Promise<StopFunction> {
  return startIngress({ config, db, log, metrics, workerConnection });
}
