import { z } from 'zod';
import { orderInputSchema } from '../../contract/order';
import { lineageSchema } from './lineage-schema';
import { cancelBodySchema } from './orders-routes';

const problem = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};
const json = (schema: object, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const orderIdParameter = {
  name: 'orderId',
  in: 'path',
  required: true,
  schema: z.toJSONSchema(orderInputSchema.shape.orderId),
};

/** The REST API's OpenAPI 3.1 document; request schemas come from the same zod schemas the routes use. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'saga-orchestrator',
      version: '0.1.0',
      description: 'Start, inspect and cancel order sagas.',
    },
    paths: {
      '/orders': {
        post: {
          summary: 'Start the saga of an order (idempotent per orderId)',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderInput' } } },
          },
          responses: {
            '202': json(
              { $ref: '#/components/schemas/SagaStarted' },
              'Saga started, or the existing saga of this order',
            ),
            '400': problem,
            '409': problem,
            '413': problem,
            '415': problem,
          },
        },
      },
      '/orders/{orderId}': {
        get: {
          summary: "The saga's status and the order's rows",
          parameters: [orderIdParameter],
          responses: {
            '200': json({ type: 'object' }, 'Saga status and order rows'),
            '400': problem,
            '404': problem,
          },
        },
      },
      '/orders/{orderId}/lineage': {
        get: {
          summary:
            "The order's whole story: what started it, every run of its saga with each activity's outcome, and each event with where it was published",
          parameters: [orderIdParameter],
          responses: {
            '200': json({ $ref: '#/components/schemas/Lineage' }, 'Lineage of the order'),
            '400': problem,
            '404': problem,
          },
        },
      },
      '/orders/{orderId}/cancel': {
        post: {
          summary:
            'Cancel the saga (until the point of no return); for an order not placed yet, record the cancel so the order is cancelled when it arrives',
          parameters: [orderIdParameter],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: z.toJSONSchema(cancelBodySchema) } },
          },
          responses: {
            '202': json(
              { $ref: '#/components/schemas/CancelAccepted' },
              'Cancel requested from the running saga, or recorded for an order not placed yet',
            ),
            '400': problem,
            '409': problem,
          },
        },
      },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }, 'Alive') } } },
      '/readyz': {
        get: {
          summary: 'Readiness: Temporal, Kafka and PostgreSQL answer',
          responses: {
            '200': json({ type: 'object' }, 'Ready'),
            '503': json({ type: 'object' }, 'Not ready'),
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          responses: {
            '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { '200': json({ type: 'object' }, 'OpenAPI') } },
      },
      '/asyncapi.json': {
        get: {
          summary: 'The Kafka topics, commands and events (AsyncAPI 3)',
          responses: { '200': json({ type: 'object' }, 'AsyncAPI') },
        },
      },
    },
    components: {
      schemas: {
        OrderInput: z.toJSONSchema(orderInputSchema),
        SagaStarted: {
          type: 'object',
          required: ['orderId', 'workflowId', 'runId', 'alreadyStarted', 'statusUrl', 'temporalUiUrl'],
          properties: {
            orderId: { type: 'string' },
            workflowId: { type: 'string' },
            runId: { type: 'string' },
            alreadyStarted: { type: 'boolean' },
            statusUrl: { type: 'string' },
            temporalUiUrl: { type: 'string', format: 'uri' },
          },
        },
        CancelAccepted: {
          type: 'object',
          required: ['orderId', 'workflowId', 'cancel'],
          properties: {
            orderId: { type: 'string' },
            workflowId: { type: 'string' },
            cancel: { type: 'string', enum: ['requested', 'recorded'] },
            reason: {
              type: 'string',
              description: 'The recorded reason (the first cancel of the order wins)',
            },
            recordedAt: { type: 'string', format: 'date-time' },
          },
        },
        Lineage: lineageSchema,
        Problem: {
          type: 'object',
          required: ['title', 'status'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
