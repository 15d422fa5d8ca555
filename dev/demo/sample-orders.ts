import type { OrderInput } from '../../contract/order';
import { SAMPLE_ADDRESS, sampleOrder } from '../sample-data';
import { seedPrice } from '../seed';

export interface SampleOrder {
  title: string;
  order: OrderInput;
  /** Send a cancel request right after the order. */
  cancel?: boolean;
}

type SeedSku = Parameters<typeof seedPrice>[0];

/** A line at the catalog price. */
const line = (sku: SeedSku, quantity = 1) => ({ sku, quantity, unitPrice: seedPrice(sku) });

/** A handful of orders over the seed data, chosen so that some complete and some are compensated. */
export function sampleOrders(runId: string): SampleOrder[] {
  const order = (
    n: number,
    customerId: string,
    items: OrderInput['items'],
    shippingAddress = SAMPLE_ADDRESS,
  ) => sampleOrder({ orderId: `demo-${runId}-${n}`, customerId, items, shippingAddress });
  return [
    {
      title: 'keyboard and cable',
      order: order(1, 'cust-alice', [line('SKU-KEYBOARD'), line('SKU-CABLE', 2)]),
    },
    { title: 'a monitor', order: order(2, 'cust-bob', [line('SKU-MONITOR')]) },
    { title: 'payment declined', order: order(3, 'cust-broke', [line('SKU-MOUSE')]) },
    { title: 'out of stock', order: order(4, 'cust-alice', [line('SKU-SOLDOUT')]) },
    {
      title: 'undeliverable address',
      order: order(5, 'cust-alice', [line('SKU-CABLE')], { ...SAMPLE_ADDRESS, country: 'AQ' }),
    },
    {
      title: 'cancelled by the customer',
      order: order(6, 'cust-alice', [line('SKU-MOUSE')]),
      cancel: true,
    },
    {
      title: 'a keyboard for 1 cent (not the catalog price)',
      order: order(7, 'cust-alice', [{ ...line('SKU-KEYBOARD'), unitPrice: 1 }]),
    },
  ];
}
