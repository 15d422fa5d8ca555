import type { OrderInput } from '../../contract/order';
import { SAMPLE_ADDRESS, sampleOrder } from '../sample-data';

export interface SampleOrder {
  title: string;
  order: OrderInput;
  /** Send a cancel request right after the order. */
  cancel?: boolean;
}

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
      order: order(1, 'cust-alice', [
        { sku: 'SKU-KEYBOARD', quantity: 1, unitPrice: 4_999 },
        { sku: 'SKU-CABLE', quantity: 2, unitPrice: 499 },
      ]),
    },
    {
      title: 'a monitor',
      order: order(2, 'cust-bob', [{ sku: 'SKU-MONITOR', quantity: 1, unitPrice: 24_999 }]),
    },
    {
      title: 'payment declined',
      order: order(3, 'cust-broke', [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 1_999 }]),
    },
    {
      title: 'out of stock',
      order: order(4, 'cust-alice', [{ sku: 'SKU-SOLDOUT', quantity: 1, unitPrice: 1_000 }]),
    },
    {
      title: 'undeliverable address',
      order: order(5, 'cust-alice', [{ sku: 'SKU-CABLE', quantity: 1, unitPrice: 499 }], {
        ...SAMPLE_ADDRESS,
        country: 'AQ',
      }),
    },
    {
      title: 'cancelled by the customer',
      order: order(6, 'cust-alice', [{ sku: 'SKU-MOUSE', quantity: 1, unitPrice: 1_999 }]),
      cancel: true,
    },
  ];
}
