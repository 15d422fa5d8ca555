import { isDeepStrictEqual } from 'node:util';
import { EMITTED_VERSION, EVENT_SCHEMAS, type EventData } from '../../../contract/event-schemas';
import type { EventType } from '../../../contract/events';

export class EventDataError extends Error {
  override name = 'EventDataError';
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/**
 * The data of an event, checked against its type's schema in the emitted version before
 * it joins the outbox. A shape the schema does not describe, a field it does not name
 * included, fails the transaction: consumers never receive it.
 */
export function checkedEventData<T extends EventType>(type: T, data: EventData<T>): EventData<T> {
  const parsed = EVENT_SCHEMAS[type][EMITTED_VERSION].safeParse(data);
  const problems = !parsed.success
    ? parsed.error.issues.map((issue) => `${issue.path.join('.') || '(data)'}: ${issue.message}`)
    : // zod drops fields a schema does not name; on the wire they would be undocumented.
      isDeepStrictEqual(asJson(parsed.data), asJson(data))
      ? []
      : ['fields the schema does not name'];
  if (problems.length > 0) {
    throw new EventDataError(
      `${type} data does not match its ${EMITTED_VERSION} schema: ${problems.join('; ')}`,
    );
  }
  return data;
}
