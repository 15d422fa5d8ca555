import { z } from 'zod';
import { orderInputSchema } from '../../contract/order';
import type { Scope } from './auth/scopes';
import { openApiComponents } from './openapi-components';
import { cancelBodySchema } from './orders-routes';
import { REQUEST_ID_PATTERN } from './request-id';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});
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
const requestIdParameters = ['Idempotency-Key', 'X-Request-Id'].map((name) => ({
  name,
  in: 'header',
  required: false,
  description: "The request's id, recorded as the causation of what it starts (a 400 otherwise)",
  schema: { type: 'string', pattern: REQUEST_ID_PATTERN.source },
}));
const wwwAuthenticate = {
  'WWW-Authenticate': { description: 'Bearer challenge (RFC 6750)', schema: { type: 'string' } },
};
const unauthorized = { ...problem('No valid bearer token'), headers: wwwAuthenticate };

/** Needs a token; with `scope`, one that grants it (401 and 403 otherwise). */
function secured(scope: Scope | null) {
  return {
    security: [{ bearerAuth: scope === null ? [] : [scope] }],
    responses: {
      '401': unauthorized,
      ...(scope && { '403': { ...problem(`The token does not grant ${scope}`), headers: wwwAuthenticate } }),
    },
  };
}

/** Mutating operations: rate limited per client. */
const limited = {
  '429': {
    ...problem('Too many requests from this client; retry later'),
    headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } },
  },
};

function operation(scope: Scope | null, spec: { responses: object } & Record<string, unknown>) {
  const { security, responses } = secured(scope);
  return { ...spec, security, responses: { ...spec.responses, ...responses } };
}

/** The REST API's OpenAPI 3.1 document; request schemas come from the same zod schemas the routes use. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'saga-orchestrator',
      version: '0.1.0',
      description:
        'Start, inspect and cancel order sagas. Every operation but liveness and readiness needs a bearer token; a known path asked with another method answers 405 with Allow.',
    },
    security: [{ bearerAuth: [] }],
    paths: {
      '/orders': {
        post: operation('orders:write', {
          summary: 'Start the saga of an order (idempotent per orderId)',
          parameters: requestIdParameters,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/OrderInput' } } },
          },
          responses: {
            '202': json(
              { $ref: '#/components/schemas/SagaStarted' },
              'Saga started, or the existing saga of this order',
            ),
            '400': problem('Invalid order, malformed JSON or request id'),
            '409': problem('The order id belongs to a different order'),
            '413': problem('Body over 64 kB'),
            '415': problem('Not application/json'),
            ...limited,
          },
        }),
      },
      '/orders/{orderId}': {
        get: operation('orders:read', {
          summary: "The saga's status and the order's rows",
          parameters: [orderIdParameter],
          responses: {
            '200': json({ type: 'object' }, 'Saga status and order rows'),
            '400': problem('Invalid order id'),
            '404': problem('No saga for this order'),
          },
        }),
      },
      '/orders/{orderId}/lineage': {
        get: operation('orders:read', {
          summary:
            "The order's whole story: what started it, every run of its saga with each activity's outcome, and each event with where it was published",
          parameters: [orderIdParameter],
          responses: {
            '200': json({ $ref: '#/components/schemas/Lineage' }, 'Lineage of the order'),
            '400': problem('Invalid order id'),
            '404': problem('No saga and no event for this order'),
          },
        }),
      },
      '/orders/{orderId}/cancel': {
        post: operation('orders:cancel', {
          summary:
            'Cancel the saga (until the point of no return); for an order not placed yet, record the cancel so the order is cancelled when it arrives',
          parameters: [orderIdParameter, ...requestIdParameters],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: z.toJSONSchema(cancelBodySchema) } },
          },
          responses: {
            '202': json(
              { $ref: '#/components/schemas/CancelAccepted' },
              'Cancel requested from the running saga, or recorded for an order not placed yet',
            ),
            '400': problem('Invalid order id or body'),
            '409': problem('Past the point of no return, or ended'),
            '415': problem('A body that is not application/json'),
            ...limited,
          },
        }),
      },
      '/healthz': {
        get: { summary: 'Liveness', security: [], responses: { '200': json({ type: 'object' }, 'Alive') } },
      },
      '/readyz': {
        get: {
          summary: 'Readiness: Temporal, Kafka and PostgreSQL answer',
          security: [],
          responses: {
            '200': json({ type: 'object' }, 'Ready'),
            '503': json({ type: 'object' }, 'Not ready'),
          },
        },
      },
      '/metrics': {
        get: operation('metrics:read', {
          summary: 'Prometheus metrics',
          responses: {
            '200': { description: 'Metrics', content: { 'text/plain': { schema: { type: 'string' } } } },
          },
        }),
      },
      '/openapi.json': {
        get: operation(null, {
          summary: 'This document',
          responses: { '200': json({ type: 'object' }, 'OpenAPI') },
        }),
      },
      '/asyncapi.json': {
        get: operation(null, {
          summary: 'The Kafka topics, commands and events (AsyncAPI 3)',
          responses: { '200': json({ type: 'object' }, 'AsyncAPI') },
        }),
      },
    },
    components: openApiComponents,
  };
}
