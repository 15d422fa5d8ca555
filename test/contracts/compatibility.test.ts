import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMAS } from '../../contract/event-schemas';
import { toJsonSchema, type JsonSchema } from '../../contract/json-schemas';
import { breakingChanges } from '../../scripts/contracts/compatibility';
import { breakingChangesToPublished } from '../../scripts/contracts/contract-files';

const published: JsonSchema = {
  type: 'object',
  description: 'An item was reserved.',
  properties: {
    orderId: { type: 'string' },
    status: { type: 'string', enum: ['RESERVED', 'PARTIAL'] },
    items: {
      type: 'array',
      items: { type: 'object', properties: { sku: { type: 'string' } }, required: ['sku'] },
    },
  },
  required: ['orderId', 'items'],
};

/** A copy of the published schema with one change. */
function changed(change: (schema: JsonSchema & { properties: Record<string, JsonSchema> }) => void) {
  const copy = structuredClone(published) as JsonSchema & { properties: Record<string, JsonSchema> };
  change(copy);
  return copy;
}

describe('the compatibility check of a published schema version', () => {
  it('finds nothing when the schema is unchanged', () => {
    expect(breakingChanges(published, structuredClone(published))).toEqual([]);
  });

  it('lets a version gain an optional field and change its explanations', () => {
    const current = changed((schema) => {
      schema.properties.note = { type: 'string' };
      schema.description = 'Stock was reserved.';
    });
    expect(breakingChanges(published, current)).toEqual([]);
  });

  it('calls a removed field breaking', () => {
    const current = changed((schema) => delete schema.properties.status);
    expect(breakingChanges(published, current)).toEqual(['status: removed']);
  });

  it('calls a changed type breaking, also deep inside an array', () => {
    const current = changed((schema) => {
      schema.properties.orderId = { type: 'integer' };
      (schema.properties.items!.items as { properties: { sku: JsonSchema } }).properties.sku = {
        type: 'number',
      };
    });
    expect(breakingChanges(published, current)).toEqual([
      'orderId: type changed from "string" to "integer"',
      'items[].sku: type changed from "string" to "number"',
    ]);
  });

  it('calls a newly required field breaking, and a field no longer required too', () => {
    const current = changed((schema) => {
      schema.properties.note = { type: 'string' };
      schema.required = ['orderId', 'note'];
    });
    expect(breakingChanges(published, current)).toEqual(['note: now required', 'items: no longer required']);
  });

  it('calls a narrowed or widened enum breaking', () => {
    const narrowed = changed((schema) => (schema.properties.status!.enum = ['RESERVED']));
    const widened = changed((schema) => (schema.properties.status!.enum = ['RESERVED', 'PARTIAL', 'NONE']));
    expect(breakingChanges(published, narrowed)).toEqual([
      'status: enum changed from ["RESERVED","PARTIAL"] to ["RESERVED"]',
    ]);
    expect(breakingChanges(published, widened)).toHaveLength(1);
  });

  it('calls a changed constraint breaking', () => {
    const current = changed((schema) => (schema.properties.orderId!.maxLength = 10));
    expect(breakingChanges(published, current)).toEqual(['orderId: maxLength changed from nothing to 10']);
  });
});

describe('the compatibility gate', () => {
  it('fails when an event schema is changed in place in a way that breaks its consumers', async () => {
    const voided = EVENT_SCHEMAS['payments.payment.voided'].v1;
    const withoutReason = voided.omit({ reason: true }).extend({ amount: z.string() });
    const edited = {
      type: 'payments.payment.voided',
      version: 'v1',
      direction: 'event',
      uri: 'urn:saga-orchestrator:schema:payments.payment.voided:v1',
      schema: toJsonSchema('payments.payment.voided', 'v1', withoutReason),
    } as const;

    expect(await breakingChangesToPublished([edited])).toEqual([
      'payments.payment.voided v1: amount: type changed from "integer" to "string"',
      'payments.payment.voided v1: reason: removed',
    ]);
  });

  it('lets the same change through as a new version beside the published one', async () => {
    const voided = EVENT_SCHEMAS['payments.payment.voided'].v1;
    const v2 = voided.omit({ reason: true });
    const published = {
      type: 'payments.payment.voided',
      version: 'v2',
      direction: 'event',
      uri: 'urn:saga-orchestrator:schema:payments.payment.voided:v2',
      schema: toJsonSchema('payments.payment.voided', 'v2', v2),
    } as const;

    expect(await breakingChangesToPublished([published])).toEqual([]);
  });
});
