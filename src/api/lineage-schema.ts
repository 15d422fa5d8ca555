/** The OpenAPI schema of `GET /orders/{orderId}/lineage` (see src/operator/lineage). */
const text = { type: 'string' };
const time = { type: 'string', format: 'date-time' };

const activity = {
  type: 'object',
  required: ['activity', 'outcome', 'attempts'],
  properties: {
    activity: text,
    outcome: { type: 'string', enum: ['completed', 'failed', 'timed-out', 'cancelled', 'pending'] },
    attempts: { type: 'integer' },
    scheduledAt: time,
    finishedAt: time,
    error: text,
  },
};

export const lineageSchema = {
  type: 'object',
  required: ['orderId', 'workflowId', 'runs', 'events'],
  properties: {
    orderId: text,
    workflowId: text,
    origin: {
      description: 'The Kafka message (door kafka) or HTTP request (door http) that started the saga',
      type: 'object',
      required: ['door'],
      properties: {
        door: { type: 'string', enum: ['kafka', 'http'] },
        topic: text,
        partition: { type: 'integer' },
        offset: text,
        eventId: text,
        requestId: text,
      },
    },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['runId', 'execution', 'startedAt', 'activities'],
        properties: {
          runId: text,
          execution: text,
          sagaStatus: text,
          startedAt: time,
          closedAt: time,
          activities: { type: 'array', items: activity },
        },
      },
    },
    events: {
      type: 'array',
      items: {
        type: 'object',
        required: ['eventId', 'type', 'createdAt', 'topic', 'attempts'],
        properties: {
          eventId: text,
          type: text,
          createdAt: time,
          publishedAt: time,
          topic: text,
          partition: { type: 'integer' },
          offset: text,
          attempts: { type: 'integer' },
          lastError: text,
        },
      },
    },
    eventsNote: text,
  },
};
