import { z } from 'zod';
import { orderInputSchema } from '../../contract/order';
import { SCOPES } from './auth/scopes';
import { lineageSchema } from './lineage-schema';

/** The schemas and the security scheme the OpenAPI document refers to. */
export const openApiComponents = {
  securitySchemes: {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: [
        'A JWT (HS256 with the shared secret, or RS256/ES256 from the configured JWKS) whose space-separated',
        '`scope` claim grants the operation:',
        ...Object.entries(SCOPES).map(([scope, what]) => `\`${scope}\` to ${what};`),
        'any valid token reads the API descriptions.',
      ].join(' '),
    },
  },
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
};
