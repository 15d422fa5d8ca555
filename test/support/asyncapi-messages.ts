import { Parser, type AsyncAPIDocumentInterface, type MessageInterface } from '@asyncapi/parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The document as the AsyncAPI project's own parser reads it, with what it found wrong. */
export async function parseAsyncApi(document: object) {
  return new Parser().parse(JSON.stringify(document));
}

export interface KafkaRecord {
  key: string;
  value: unknown;
  headers: Record<string, string>;
}

/** The schema inside a payload in another schema format (AsyncAPI's multi-format schema object). */
function payloadSchema(message: MessageInterface): object | boolean {
  const payload: unknown = message.payload()?.json() ?? {};
  if (typeof payload === 'object' && payload !== null && 'schema' in payload && 'schemaFormat' in payload)
    return payload.schema as object;
  return payload as object | boolean;
}

/**
 * Checks a message read from a topic against the message definitions of that topic's
 * channel: its key, its headers and its value must all fit one of them. Returns what
 * does not fit; nothing when the message is one the document describes.
 */
export function messageChecker(document: AsyncAPIDocumentInterface) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<
    string,
    { key: ValidateFunction; headers: ValidateFunction; value: ValidateFunction }
  >();
  const validators = (message: MessageInterface) => {
    const known = compiled.get(message.id());
    if (known) return known;
    const kafka = message.bindings().get('kafka')?.value<{ key?: object }>() ?? {};
    const made = {
      key: ajv.compile(kafka.key ?? {}),
      headers: ajv.compile(message.headers()?.json() ?? {}),
      value: ajv.compile(payloadSchema(message)),
    };
    compiled.set(message.id(), made);
    return made;
  };
  const misfits = (definition: MessageInterface, record: KafkaRecord): string[] => {
    const check = validators(definition);
    return (['key', 'headers', 'value'] as const).flatMap((part) =>
      check[part](record[part]) ? [] : [`${definition.id()} ${part}: ${ajv.errorsText(check[part].errors)}`],
    );
  };

  return (topic: string, record: KafkaRecord): string[] => {
    const channel = document
      .channels()
      .all()
      .find((candidate) => candidate.address() === topic);
    if (!channel) return [`no channel has the address ${topic}`];
    const definitions = channel.messages().all();
    const named = definitions.filter((definition) => definition.name() === record.headers.ce_type);
    const results = (named.length > 0 ? named : definitions).map((definition) => misfits(definition, record));
    return results.find((problems) => problems.length === 0) ?? results.flat();
  };
}
