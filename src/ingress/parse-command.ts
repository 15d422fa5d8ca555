import { CloudEvent, Kafka as KafkaBinding, ValidationError, type KafkaMessage } from 'cloudevents';
import type { IHeaders } from 'kafkajs';
import type { z } from 'zod';
import { cancelRequestSchema } from '../../contract/command-schemas';
import { COMMAND_TYPES } from '../../contract/events';
import { orderInputSchema, type OrderInput } from '../../contract/order';
import type { TraceCarrier } from '../tracing/trace-context';
import { unsupportedSchemaVersion } from './schema-version';

const { orderPlaced: ORDER_PLACED, cancelRequested: ORDER_CANCEL_REQUESTED } = COMMAND_TYPES;

/** The trace the sender continues, from the CloudEvents distributed-tracing extension. */
interface Traced {
  trace?: TraceCarrier;
}

export type InboundCommand =
  | ({ type: typeof ORDER_PLACED; eventId: string; order: OrderInput } & Traced)
  | ({ type: typeof ORDER_CANCEL_REQUESTED; eventId: string; orderId: string; reason?: string } & Traced);

export const BAD_MESSAGE_ERRORS = [
  'UnparsableMessage',
  'InvalidCloudEvent',
  'SchemaViolation',
  'UnknownEventType',
  'UnsupportedSchemaVersion',
  'KeyMismatch',
] as const;

export type BadMessageError = (typeof BAD_MESSAGE_ERRORS)[number];

export interface BadMessage {
  error: BadMessageError;
  message: string;
}

export type ParseResult = { ok: true; command: InboundCommand } | { ok: false; bad: BadMessage };

export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

const REQUIRED_ATTRIBUTES = ['id', 'source', 'type', 'specversion'] as const;
const STRUCTURED = 'application/cloudevents';

class Bad extends Error {
  constructor(
    readonly error: BadMessageError,
    message: string,
  ) {
    super(message);
  }
}

/** Header values as the CloudEvents binding wants them: one string each, names lower-cased. */
export function headerStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    result[name.toLowerCase()] = (Array.isArray(value) ? value.at(-1) : value)?.toString() ?? '';
  }
  return result;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Bad('UnparsableMessage', `${what} is not JSON: ${(error as Error).message}`);
  }
}

function missingAttributes(present: (name: string) => boolean): void {
  const missing = REQUIRED_ATTRIBUTES.filter((name) => !present(name));
  if (missing.length > 0)
    throw new Bad('InvalidCloudEvent', `missing CloudEvent attributes: ${missing.join(', ')}`);
}

function readCloudEvent(message: RawMessage): CloudEvent<unknown> {
  const headers = headerStrings(message.headers);
  const value = message.value?.toString() ?? '';
  if (value === '') throw new Bad('UnparsableMessage', 'the message has no value');
  const structured = headers['content-type']?.startsWith(STRUCTURED) ?? false;
  if (structured) {
    const body = parseJson(value, 'the structured event');
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new Bad('UnparsableMessage', 'the structured event is not a JSON object');
    missingAttributes((name) => (body as Record<string, unknown>)[name] !== undefined);
    // The SDK's structured parser throws on events without the optional `time`, so the
    // already parsed object is handed to the CloudEvent constructor directly.
    return new CloudEvent<unknown>(body, false);
  }
  missingAttributes((name) => Boolean(headers[`ce_${name}`]));
  const kafkaMessage: KafkaMessage<string> = {
    key: message.key?.toString() ?? '',
    value,
    body: value,
    headers,
  };
  if (!KafkaBinding.isEvent(kafkaMessage)) throw new Bad('InvalidCloudEvent', 'not a CloudEvent');
  return KafkaBinding.toEvent(kafkaMessage) as CloudEvent<unknown>;
}

function checkedEvent(message: RawMessage): CloudEvent<unknown> {
  let event: CloudEvent<unknown>;
  try {
    event = readCloudEvent(message);
    event.validate();
  } catch (error) {
    if (error instanceof Bad) throw error;
    if (error instanceof SyntaxError)
      throw new Bad('UnparsableMessage', `the value is not JSON: ${error.message}`);
    const details =
      error instanceof ValidationError ? (error.errors ?? []).map((e) => JSON.stringify(e)).join('; ') : '';
    throw new Bad(
      'InvalidCloudEvent',
      [(error as Error).message.split('\n')[0], details].filter(Boolean).join(': '),
    );
  }
  if (event.specversion !== '1.0')
    throw new Bad('InvalidCloudEvent', `unsupported specversion ${String(event.specversion)}`);
  // The id is recorded as the cause of everything the command leads to.
  if (event.id.includes('\u0000')) throw new Bad('InvalidCloudEvent', 'the id contains a NUL character');
  return event;
}

function eventData(event: CloudEvent<unknown>): unknown {
  const { data, datacontenttype } = event;
  if (datacontenttype !== undefined && !/^application\/([\w.+-]+\+)?json\b/.test(datacontenttype))
    throw new Bad('UnparsableMessage', `unsupported datacontenttype ${datacontenttype}, expected JSON`);
  if (typeof data === 'string') return parseJson(data, 'the event data');
  if (Buffer.isBuffer(data)) return parseJson(data.toString(), 'the event data');
  return data;
}

function validated<T>(schema: z.ZodType<T>, data: unknown): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`,
  );
  throw new Bad('SchemaViolation', `invalid data: ${problems.join('; ')}`);
}

/** A malformed `traceparent` is ignored when it is read (W3C Trace Context): the command starts a new trace. */
function traceOf(event: CloudEvent<unknown>): Traced {
  const { traceparent, tracestate } = event as { traceparent?: unknown; tracestate?: unknown };
  if (typeof traceparent !== 'string') return {};
  return { trace: typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent } };
}

function command(event: CloudEvent<unknown>): InboundCommand {
  const unsupported = unsupportedSchemaVersion(event.type, event.dataschema);
  if (unsupported) throw new Bad('UnsupportedSchemaVersion', unsupported);
  switch (event.type) {
    case ORDER_PLACED:
      return { type: ORDER_PLACED, eventId: event.id, order: validated(orderInputSchema, eventData(event)) };
    case ORDER_CANCEL_REQUESTED: {
      const { orderId, reason } = validated(cancelRequestSchema, eventData(event));
      return { type: ORDER_CANCEL_REQUESTED, eventId: event.id, orderId, ...(reason ? { reason } : {}) };
    }
    default:
      throw new Bad('UnknownEventType', `unknown event type ${event.type}`);
  }
}

/** The order a command is about. */
export function orderIdOf(command: InboundCommand): string {
  return command.type === ORDER_PLACED ? command.order.orderId : command.orderId;
}

/**
 * Kafka keeps order only within a partition, and the key picks the partition: a command
 * keyed by anything but its order id could overtake or be overtaken by the order's other
 * commands, so it is refused rather than applied out of order.
 */
function checkKey(key: RawMessage['key'], event: CloudEvent<unknown>, orderId: string): void {
  const text = key?.toString() ?? '';
  if (text === '')
    throw new Bad('KeyMismatch', `the message has no key; commands are keyed by their order id ${orderId}`);
  if (text !== orderId) throw new Bad('KeyMismatch', `the key ${text} is not the order id ${orderId}`);
  const attribute = event['orderid'];
  if (attribute !== undefined && attribute !== orderId)
    throw new Bad(
      'KeyMismatch',
      `the orderid attribute ${JSON.stringify(attribute)} is not the order id ${orderId}`,
    );
}

/**
 * Reads one inbound Kafka message as a command: a CloudEvent 1.0 in binary or structured
 * content mode whose data passes the command's schema, keyed by its order id. Anything
 * else is a bad message, named by the kind of problem so the dead-letter topic tells
 * people what to fix.
 */
export function parseCommand(message: RawMessage): ParseResult {
  try {
    const event = checkedEvent(message);
    const parsed = command(event);
    checkKey(message.key, event, orderIdOf(parsed));
    return { ok: true, command: { ...parsed, ...traceOf(event) } };
  } catch (error) {
    if (error instanceof Bad) return { ok: false, bad: { error: error.error, message: error.message } };
    throw error;
  }
}
