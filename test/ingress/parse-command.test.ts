import { describe, expect, it } from 'vitest';
import { MAX_AMOUNT } from '../../contract/order';
import { parseCommand } from '../../src/ingress/parse-command';
import { anOrder, asRaw, binaryMessage, structuredMessage } from './messages';

const order = anOrder('o-1');

function parse(message: Parameters<typeof asRaw>[0]) {
  return parseCommand(asRaw(message));
}

function errorOf(message: Parameters<typeof asRaw>[0]) {
  const result = parse(message);
  if (result.ok) throw new Error('expected a bad message');
  return result.bad;
}

describe('parsing an inbound command', () => {
  it('reads a placed order in binary content mode with the event id as causation', () => {
    const result = parse(binaryMessage({ data: order, id: 'e-1', orderId: 'o-1' }));
    expect(result).toEqual({ ok: true, command: { type: 'orders.order.placed', eventId: 'e-1', order } });
  });

  it('reads a placed order in structured content mode', () => {
    const result = parse(structuredMessage({ data: order, id: 'e-2', orderId: 'o-1' }));
    expect(result).toEqual({ ok: true, command: { type: 'orders.order.placed', eventId: 'e-2', order } });
  });

  it('reads the trace context a command carries (the distributed-tracing extension) in either content mode', () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const binary = binaryMessage({ data: order, orderId: 'o-1' });
    binary.headers = { ...binary.headers, ce_traceparent: traceparent, ce_tracestate: 'vendor=1' };
    const structured = structuredMessage({ data: order, orderId: 'o-1' });
    structured.value = JSON.stringify({ ...JSON.parse(String(structured.value)), traceparent });

    expect(parse(binary)).toMatchObject({
      ok: true,
      command: { trace: { traceparent, tracestate: 'vendor=1' } },
    });
    expect(parse(structured)).toMatchObject({ ok: true, command: { trace: { traceparent } } });
    const plain = parse(binaryMessage({ data: order, orderId: 'o-1' }));
    expect(plain.ok && plain.command.trace).toBeUndefined();
  });

  it('reads binary data without a content type as JSON', () => {
    const message = binaryMessage({ data: order, orderId: 'o-1' });
    delete message.headers!['content-type'];
    expect(parse(message).ok).toBe(true);
  });

  it('reads a cancel request with and without a reason', () => {
    const type = 'orders.order.cancel-requested';
    const withReason = parse(
      binaryMessage({ type, data: { orderId: 'o-1', reason: 'changed mind' }, id: 'e-3', orderId: 'o-1' }),
    );
    expect(withReason).toEqual({
      ok: true,
      command: { type, eventId: 'e-3', orderId: 'o-1', reason: 'changed mind' },
    });
    const bare = parse(structuredMessage({ type, data: { orderId: 'o-1' }, id: 'e-4', orderId: 'o-1' }));
    expect(bare).toEqual({ ok: true, command: { type, eventId: 'e-4', orderId: 'o-1' } });
  });

  it('calls a value that is not JSON an UnparsableMessage', () => {
    const binary = { ...binaryMessage({ data: order, orderId: 'o-1' }), value: '{"orderId": ' };
    expect(errorOf(binary).error).toBe('UnparsableMessage');
    const structured = { ...structuredMessage({ data: order, orderId: 'o-1' }), value: 'not json' };
    expect(errorOf(structured).error).toBe('UnparsableMessage');
    expect(errorOf({ ...binary, value: null }).error).toBe('UnparsableMessage');
  });

  it('calls non-JSON data an UnparsableMessage', () => {
    const message = binaryMessage({ data: order, orderId: 'o-1' });
    message.headers!['content-type'] = 'text/plain';
    const bad = errorOf(message);
    expect(bad.error).toBe('UnparsableMessage');
    expect(bad.message).toContain('text/plain');
  });

  it('calls a message without the required CloudEvent attributes an InvalidCloudEvent', () => {
    const binary = binaryMessage({ data: order, orderId: 'o-1' });
    delete binary.headers!.ce_source;
    delete binary.headers!.ce_type;
    expect(errorOf(binary)).toEqual({
      error: 'InvalidCloudEvent',
      message: 'missing CloudEvent attributes: source, type',
    });
    const plain = { key: 'o-1', value: JSON.stringify(order), headers: {} };
    expect(errorOf(plain).error).toBe('InvalidCloudEvent');
    const structured = structuredMessage({ data: order, orderId: 'o-1' });
    const body = JSON.parse(structured.value as string) as Record<string, unknown>;
    delete body.id;
    expect(errorOf({ ...structured, value: JSON.stringify(body) }).message).toContain('id');
  });

  it('calls a malformed attribute or another spec version an InvalidCloudEvent', () => {
    const badTime = binaryMessage({ data: order, orderId: 'o-1' });
    badTime.headers!.ce_time = 'yesterday';
    expect(errorOf(badTime).error).toBe('InvalidCloudEvent');
    const oldSpec = binaryMessage({ data: order, orderId: 'o-1' });
    oldSpec.headers!.ce_specversion = '0.3';
    expect(errorOf(oldSpec).error).toBe('InvalidCloudEvent');
  });

  it('calls data failing the order schema a SchemaViolation naming the failing fields', () => {
    const data = { ...order, currency: 'euro', items: [{ sku: 'a', quantity: 0, unitPrice: 1.5 }] };
    const bad = errorOf(binaryMessage({ data, orderId: 'o-1' }));
    expect(bad.error).toBe('SchemaViolation');
    expect(bad.message).toContain('currency');
    expect(bad.message).toContain('items.0.quantity');
    expect(bad.message).toContain('items.0.unitPrice');
  });

  it('calls an order whose total exceeds the largest storable amount a SchemaViolation naming items', () => {
    const data = { ...order, items: [{ sku: 'a', quantity: 10_000, unitPrice: 900_000_000 }] };
    const bad = errorOf(binaryMessage({ data, orderId: 'o-1' }));
    expect(bad.error).toBe('SchemaViolation');
    expect(bad.message).toContain(
      `items: the order total (sum of quantity × unitPrice) must be at most ${MAX_AMOUNT}`,
    );
  });

  it('calls text the database cannot store (a NUL character) a SchemaViolation', () => {
    const data = { ...order, customerId: 'c\u0000' };
    expect(errorOf(binaryMessage({ data, orderId: 'o-1' }))).toMatchObject({ error: 'SchemaViolation' });
    const type = 'orders.order.cancel-requested';
    const cancel = binaryMessage({ type, data: { orderId: 'o-1', reason: 'a\u0000b' }, orderId: 'o-1' });
    expect(errorOf(cancel)).toMatchObject({ error: 'SchemaViolation' });
  });

  it('calls a cancel request without an order id a SchemaViolation', () => {
    const bad = errorOf(
      structuredMessage({ type: 'orders.order.cancel-requested', data: { reason: 'x' }, orderId: 'o-1' }),
    );
    expect(bad.error).toBe('SchemaViolation');
    expect(bad.message).toContain('orderId');
  });

  it('reads a command whose dataschema names a version the door accepts, in either content mode', () => {
    const dataschema = 'urn:saga-orchestrator:schema:orders.order.placed:v1';
    const binary = binaryMessage({ data: order, orderId: 'o-1' });
    binary.headers!.ce_dataschema = dataschema;
    expect(parse(binary).ok).toBe(true);
    const structured = structuredMessage({ data: order, orderId: 'o-1' });
    const body = { ...(JSON.parse(structured.value as string) as object), dataschema };
    expect(parse({ ...structured, value: JSON.stringify(body) }).ok).toBe(true);
  });

  it('calls a dataschema naming a version the door does not accept an UnsupportedSchemaVersion', () => {
    const message = binaryMessage({ data: order, orderId: 'o-1' });
    message.headers!.ce_dataschema = 'urn:saga-orchestrator:schema:orders.order.placed:v2';
    const bad = errorOf(message);
    expect(bad.error).toBe('UnsupportedSchemaVersion');
    expect(bad.message).toContain('orders.order.placed:v2');
    expect(bad.message).toContain('accepted: urn:saga-orchestrator:schema:orders.order.placed:v1');
  });

  it("calls a dataschema of another type or of someone else's schema an UnsupportedSchemaVersion", () => {
    for (const dataschema of [
      'urn:saga-orchestrator:schema:orders.order.cancel-requested:v1',
      'https://schemas.example.com/order.json',
    ]) {
      const message = binaryMessage({ data: order, orderId: 'o-1' });
      message.headers!.ce_dataschema = dataschema;
      expect(errorOf(message).error).toBe('UnsupportedSchemaVersion');
    }
  });

  it('calls any other event type an UnknownEventType', () => {
    const bad = errorOf(binaryMessage({ type: 'orders.order.shipped', data: order, orderId: 'o-1' }));
    expect(bad).toEqual({ error: 'UnknownEventType', message: 'unknown event type orders.order.shipped' });
  });

  it('calls a message keyed by something other than its order id a KeyMismatch', () => {
    const binary = { ...binaryMessage({ data: order, orderId: 'o-1' }), key: 'o-2' };
    expect(errorOf(binary)).toEqual({ error: 'KeyMismatch', message: 'the key o-2 is not the order id o-1' });
    const structured = { ...structuredMessage({ data: order, orderId: 'o-1' }), key: Buffer.from('o-2') };
    expect(parseCommand({ ...structured, value: structured.value! })).toMatchObject({
      ok: false,
      bad: { error: 'KeyMismatch' },
    });
    const cancel = binaryMessage({
      type: 'orders.order.cancel-requested',
      data: { orderId: 'o-1' },
      orderId: 'o-2',
    });
    expect(errorOf(cancel).error).toBe('KeyMismatch');
  });

  it('calls a message without a key a KeyMismatch', () => {
    const unkeyed = { ...binaryMessage({ data: order, orderId: 'o-1' }), key: null };
    const bad = errorOf(unkeyed);
    expect(bad.error).toBe('KeyMismatch');
    expect(bad.message).toContain('no key');
    expect(errorOf({ ...unkeyed, key: '' }).error).toBe('KeyMismatch');
  });

  it('calls an orderid attribute other than the order id a KeyMismatch, even when the key matches the data', () => {
    const binary = binaryMessage({ data: order, orderId: 'o-1' });
    binary.headers!.ce_orderid = 'o-2';
    expect(errorOf(binary)).toEqual({
      error: 'KeyMismatch',
      message: 'the orderid attribute "o-2" is not the order id o-1',
    });
    const structured = structuredMessage({ data: order, orderId: 'o-1' });
    const body = JSON.parse(structured.value as string) as Record<string, unknown>;
    expect(errorOf({ ...structured, value: JSON.stringify({ ...body, orderid: 'o-2' }) }).error).toBe(
      'KeyMismatch',
    );
  });

  it('calls a command whose id contains a NUL character an InvalidCloudEvent: the id is stored as its cause', () => {
    const result = parse(structuredMessage({ data: anOrder('o-1'), id: 'e\u00001', orderId: 'o-1' }));
    expect(result).toMatchObject({ ok: false, bad: { error: 'InvalidCloudEvent' } });
    expect(!result.ok && result.bad.message).toContain('NUL');
  });
});
