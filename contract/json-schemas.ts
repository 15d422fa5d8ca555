import { z } from 'zod';
import { COMMAND_SCHEMAS } from './command-schemas';
import { dataSchemaUri, type SchemaVersion } from './dataschema';
import { EVENT_SCHEMAS } from './event-schemas';

export type JsonSchema = Record<string, unknown>;

/** One version of one message's data schema, as JSON Schema (draft-07, which AsyncAPI 3 reads). */
export interface PublishedSchema {
  type: string;
  version: SchemaVersion;
  /** Commands come in on the commands topic; events go out on their domain's topic. */
  direction: 'command' | 'event';
  /** The `dataschema` of messages in this version, and the schema's `$id`. */
  uri: string;
  schema: JsonSchema;
}

/**
 * The shape a message may have on the wire (the zod input): objects stay open, because
 * consumers are to ignore fields they do not know, so a version may gain optional ones.
 */
export function toJsonSchema(type: string, version: SchemaVersion, schema: z.ZodType): JsonSchema {
  const { $schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-07', io: 'input' });
  return { $schema, $id: dataSchemaUri(type, version), title: `${type} ${version}`, ...rest };
}

function published(
  direction: PublishedSchema['direction'],
  byType: Record<string, Record<string, z.ZodType>>,
): PublishedSchema[] {
  return Object.entries(byType).flatMap(([type, versions]) =>
    Object.entries(versions).map(([version, schema]) => ({
      type,
      version: version as SchemaVersion,
      direction,
      uri: dataSchemaUri(type, version as SchemaVersion),
      schema: toJsonSchema(type, version as SchemaVersion, schema),
    })),
  );
}

/** Every command and event schema in every version the service speaks. */
export function publishedSchemas(): PublishedSchema[] {
  return [...published('command', COMMAND_SCHEMAS), ...published('event', EVENT_SCHEMAS)];
}
