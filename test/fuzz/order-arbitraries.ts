import fc from 'fast-check';
import { MAX_AMOUNT } from '../../contract/order';

type Json = Record<string, unknown>;
type Order = Json & { items: Json[]; shippingAddress: Json };

/** A generated order body, and whether a change that must make it invalid was applied. */
export interface FuzzedOrder {
  body: Json;
  broken: string[];
}

const NUL = '\u0000';
const text = (min: number, max: number) =>
  fc
    .string({ unit: 'grapheme', minLength: min, maxLength: max })
    .filter((s) => !s.includes(NUL) && s.length <= max);

function validOrder(orderId: string, skus: string[], prices: number[]): Order {
  return {
    orderId,
    customerId: 'fuzz-customer',
    currency: 'EUR',
    items: skus.map((sku, i) => ({ sku, quantity: 1 + (i % 3), unitPrice: prices[i % prices.length]! })),
    shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Berlin', postalCode: '10115', country: 'DE' },
  };
}

type Mutation = [name: string, apply: (order: Order) => void];

/** Changes that keep an order valid: unicode text, bounds reached but not passed, unknown keys. */
const harmless: fc.Arbitrary<Mutation>[] = [
  text(1, 64).map((s): Mutation => ['unicode customer', (o) => void (o.customerId = s)]),
  text(1, 200).map((s): Mutation => ['unicode name', (o) => void (o.shippingAddress.name = s)]),
  fc.constant<Mutation>(['largest quantity', (o) => void (o.items[0]!.quantity = 10_000)]),
  fc.constant<Mutation>(['free item', (o) => void (o.items[0]!.unitPrice = 0)]),
  fc.constant<Mutation>(['longest sku', (o) => void (o.items[0]!.sku = 'S'.repeat(64))]),
  fc.jsonValue().map((v): Mutation => ['unknown key', (o) => void (o.extra = v)]),
];

const replaceIn =
  (key: string, value: unknown, where: (o: Order) => Json = (o) => o) =>
  (o: Order) =>
    void (where(o)[key] = value);
const firstItem = (o: Order) => o.items[0]!;
const address = (o: Order) => o.shippingAddress;

/** Changes the schema must refuse, each named for the failure message. */
const harmful: fc.Arbitrary<Mutation>[] = [
  fc
    .constantFrom<unknown>('', 'x'.repeat(65), 'has space', 'ü', 42, null, ['a'])
    .map((v): Mutation => ['bad orderId', replaceIn('orderId', v)]),
  fc
    .constantFrom<unknown>('', 'c'.repeat(65), `a${NUL}b`, 7, false)
    .map((v): Mutation => ['bad customerId', replaceIn('customerId', v)]),
  fc
    .constantFrom<unknown>('eur', 'EURO', '€', 978, undefined)
    .map((v): Mutation => ['bad currency', replaceIn('currency', v)]),
  fc
    .constantFrom<unknown>(0, -1, 1.5, 10_001, '2', null, Number.MAX_SAFE_INTEGER + 2, 1e308)
    .map((v): Mutation => ['bad quantity', replaceIn('quantity', v, firstItem)]),
  fc
    .constantFrom<unknown>(-1, 0.5, MAX_AMOUNT + 1, '100', null, -0.0001)
    .map((v): Mutation => ['bad unitPrice', replaceIn('unitPrice', v, firstItem)]),
  fc
    .constantFrom<unknown>('', 'k'.repeat(65), `s${NUL}`, 1)
    .map((v): Mutation => ['bad sku', replaceIn('sku', v, firstItem)]),
  fc.constant<Mutation>(['duplicate sku', (o) => void o.items.push({ ...o.items[0]! })]),
  fc.constant<Mutation>([
    'total too large',
    (o) => void o.items.splice(0, o.items.length, { sku: 'A', quantity: 10_000, unitPrice: 300_000 }),
  ]),
  fc.constantFrom<unknown>([], {}, 'items', null).map((v): Mutation => ['bad items', replaceIn('items', v)]),
  fc.constant<Mutation>([
    'too many items',
    (o) =>
      void (o.items = Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1, unitPrice: 1 }))),
  ]),
  fc
    .constantFrom<unknown>('', 'n'.repeat(201), `Ada${NUL}`, 3, undefined)
    .map((v): Mutation => ['bad name', replaceIn('name', v, address)]),
  fc
    .constantFrom<unknown>('Germany', 'de', '', 'D', 49)
    .map((v): Mutation => ['bad country', replaceIn('country', v, address)]),
  fc
    .constantFrom<unknown>('1'.repeat(21), '', `1${NUL}`)
    .map((v): Mutation => ['bad postalCode', replaceIn('postalCode', v, address)]),
  fc
    .constantFrom('orderId', 'customerId', 'currency', 'items', 'shippingAddress')
    .map((key): Mutation => [`missing ${key}`, (o) => void delete o[key]]),
];

/** Orders near the schema's edges: valid ones, and ones broken in one to three ways. */
export function fuzzedOrders(orderIdPrefix: string): fc.Arbitrary<FuzzedOrder> {
  let counter = 0;
  return fc
    .record({
      skus: fc.uniqueArray(fc.stringMatching(/^[A-Z0-9-]{1,12}$/), { minLength: 1, maxLength: 5 }),
      prices: fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 5 }),
      keep: fc.array(fc.oneof(...harmless), { maxLength: 3 }),
      breaks: fc.oneof(
        { weight: 1, arbitrary: fc.constant<Mutation[]>([]) },
        { weight: 6, arbitrary: fc.array(fc.oneof(...harmful), { minLength: 1, maxLength: 3 }) },
      ),
    })
    .map(({ skus, prices, keep, breaks }) => {
      const order = validOrder(`${orderIdPrefix}-${++counter}`, skus, prices);
      for (const [, apply] of keep) apply(order);
      for (const [, apply] of breaks) {
        try {
          apply(order);
        } catch {
          // An earlier change already removed what this one changes: the order stays broken.
        }
      }
      return { body: order, broken: breaks.map(([name]) => name) };
    });
}
