import type { OrderSagaActivities } from '../contract/activities';
import type { ActivityDeps } from './deps';
import { createInventoryActivities } from './inventory';
import { createOrderActivities } from './order';
import { createPaymentActivities } from './payment';
import { createShippingActivities } from './shipping';

export type { ActivityDeps } from './deps';

/** Every activity of the order saga, bound to its dependencies; register the result with the worker. */
export function createActivities(deps: ActivityDeps): OrderSagaActivities {
  return {
    ...createInventoryActivities(deps),
    ...createPaymentActivities(deps),
    ...createShippingActivities(deps),
    ...createOrderActivities(deps),
  };
}
