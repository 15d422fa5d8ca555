import { z } from 'zod';
import type { SchemaVersion } from './dataschema';
import { COMMAND_TYPES } from './events';
import { orderInputSchema, storableText } from './order';

export const cancelRequestSchema = z.object({
  orderId: orderInputSchema.shape.orderId,
  reason: storableText.max(1_000).optional(),
});

/**
 * The data of the commands the service accepts, one schema per type and version: the
 * versions listed here are the ones the Kafka door accepts.
 */
export const COMMAND_SCHEMAS = {
  [COMMAND_TYPES.orderPlaced]: {
    v1: orderInputSchema.describe("Place an order: starts the order's saga (once per orderId)."),
  },
  [COMMAND_TYPES.cancelRequested]: {
    v1: cancelRequestSchema.describe("Cancel an order: honoured until the saga's point of no return."),
  },
} as const satisfies Record<string, Partial<Record<SchemaVersion, z.ZodType>>>;

export type CommandType = keyof typeof COMMAND_SCHEMAS;
