import { UNVERSIONED_DATA_VERSION } from '../../contract/dataschema';
import type { PublishedSchema } from '../../contract/json-schemas';
import { DEAD_LETTER_ERRORS, DLQ_HEADERS } from '../ingress/dead-letter';

/**
 * AsyncAPI 3 message objects: one per command or event type and version, in CloudEvents
 * binary content mode (attributes as `ce_*` headers, the JSON data as the value), and the
 * dead letter of the commands topic.
 */

const KAFKA_BINDING_VERSION = '0.5.0';
const string = (description: string) => ({ type: 'string', description });
const fixed = (value: string) => ({ type: 'string', const: value });

const byOrder = {
  kafka: {
    key: string("the order's id: all messages of one order share a partition, in order"),
    bindingVersion: KAFKA_BINDING_VERSION,
  },
};
const correlationId = { description: 'the order', location: '$message.header#/ce_orderid' };

/** The CloudEvents distributed-tracing extension: a W3C trace context. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.source;
const tracestate = string('vendor-specific trace data that goes with ce_traceparent, when there is any');

function headers(required: string[], properties: Record<string, object>) {
  return { type: 'object', required, properties };
}

function eventHeaders({ type, uri }: PublishedSchema) {
  return headers(
    [
      'ce_specversion',
      'ce_id',
      'ce_source',
      'ce_type',
      'ce_time',
      'ce_subject',
      'ce_dataschema',
      'ce_orderid',
      'content-type',
    ],
    {
      ce_specversion: fixed('1.0'),
      ce_id: {
        ...string('unique, and the same when the event is published again: drop duplicates by it'),
        format: 'uuid',
      },
      ce_source: fixed(`/saga-orchestrator/${type.slice(0, type.indexOf('.'))}`),
      ce_type: fixed(type),
      ce_time: { ...string('when the change the event announces was committed'), format: 'date-time' },
      ce_subject: string("the order's id"),
      ce_dataschema: fixed(uri),
      ce_datacontenttype: fixed('application/json'),
      ce_orderid: string("the order's id, for correlation"),
      ce_causationid: string('the id of the command or request that started the saga, when known'),
      ce_traceparent: {
        ...string(
          'W3C traceparent of the change the event announces, in the trace of the command or request that started the saga; continue it in your spans',
        ),
        pattern: TRACEPARENT,
      },
      ce_tracestate: tracestate,
      'content-type': fixed('application/json'),
    },
  );
}

function commandHeaders({ type, uri, version }: PublishedSchema) {
  const required = ['ce_specversion', 'ce_id', 'ce_source', 'ce_type'];
  return headers(version === UNVERSIONED_DATA_VERSION ? required : [...required, 'ce_dataschema'], {
    ce_specversion: fixed('1.0'),
    ce_id: string('unique per command; the id of the command becomes the causationid of its events'),
    ce_source: string('who sends the command'),
    ce_type: fixed(type),
    ce_dataschema: {
      ...fixed(uri),
      description: `the version of the data; without it, ${UNVERSIONED_DATA_VERSION}`,
    },
    ce_time: { type: 'string', format: 'date-time' },
    ce_subject: string("the order's id"),
    ce_traceparent: string(
      'W3C traceparent: the saga and every event it publishes continue this trace (a new trace without it, or when it is malformed)',
    ),
    ce_tracestate: tracestate,
    'content-type': {
      ...fixed('application/json'),
      description: 'or application/cloudevents+json for the whole event in the value (structured mode)',
    },
  });
}

/** The message of one version of a command or an event type. */
export function versionedMessage(published: PublishedSchema) {
  const { type, version, direction, schema } = published;
  return {
    name: type,
    title: `${type} ${version}`,
    summary: schema.description,
    contentType: 'application/json',
    correlationId,
    headers: direction === 'event' ? eventHeaders(published) : commandHeaders(published),
    payload: { schemaFormat: 'application/schema+json;version=draft-07', schema },
    bindings: byOrder,
  };
}

/** A command the door could not read, set aside as it came with headers saying why. */
export const deadLetterMessage = {
  name: 'dead-letter',
  title: 'Dead-lettered command',
  summary: 'A command the service could not read, with its original key, value and headers.',
  contentType: 'application/octet-stream',
  headers: {
    ...headers(
      Object.values(DLQ_HEADERS).filter((name) => name !== DLQ_HEADERS.valueOmitted),
      {
        [DLQ_HEADERS.error]: { type: 'string', enum: [...DEAD_LETTER_ERRORS] },
        [DLQ_HEADERS.errorMessage]: string('what is wrong with the message'),
        [DLQ_HEADERS.sourceTopic]: string('the topic the message was read from'),
        [DLQ_HEADERS.sourcePartition]: { type: 'string', pattern: '^\\d+$' },
        [DLQ_HEADERS.sourceOffset]: { type: 'string', pattern: '^\\d+$' },
        [DLQ_HEADERS.time]: { ...string('when it was set aside'), format: 'date-time' },
        [DLQ_HEADERS.valueOmitted]: string(
          'present when the value was left out because the message was too large for the dead-letter topic',
        ),
      },
    ),
    description: "The original message's headers, with these added.",
  },
  payload: { description: 'the original value, unchanged, so the message can be sent again once fixed' },
  bindings: {
    kafka: { key: string("the original message's key"), bindingVersion: KAFKA_BINDING_VERSION },
  },
};
