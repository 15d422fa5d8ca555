import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { publishedSchemas, type JsonSchema } from '../../contract/json-schemas';
import type { SchemaVersion } from '../../contract/dataschema';
import { asyncApiDocument } from '../../src/api/asyncapi';
import { getConfig } from '../../src/config';
import { breakingChanges } from './compatibility';
import { ACCEPTED_CORRECTIONS } from './corrections';

/**
 * The contract documents kept in the repository, for the teams that consume the
 * service's events: the AsyncAPI document (with the default topic names) and the
 * published JSON Schemas, one file per type and version, which are never edited in a
 * way that breaks a consumer.
 */
export const REPOSITORY = join(import.meta.dirname, '../..');
export const ASYNCAPI_FILE = 'docs/asyncapi.json';
export const SCHEMAS_FOLDER = 'docs/schemas';

export const schemaFile = (type: string, version: SchemaVersion) =>
  `${SCHEMAS_FOLDER}/${type}/${version}.json`;

const asText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** Every contract file as it should be, by path from the repository's root. */
export function contractFiles(): Map<string, string> {
  const files = new Map([[ASYNCAPI_FILE, asText(asyncApiDocument(getConfig({}).kafka.topics))]]);
  for (const { type, version, schema } of publishedSchemas())
    files.set(schemaFile(type, version), asText(schema));
  return files;
}

/** The schema files in the repository, by path from its root. */
export async function committedSchemaFiles(): Promise<string[]> {
  const entries = await readdir(join(REPOSITORY, SCHEMAS_FOLDER), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(REPOSITORY, join(entry.parentPath, entry.name)))
    .sort();
}

async function committedSchema(path: string): Promise<JsonSchema | undefined> {
  const text = await readFile(join(REPOSITORY, path), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : (JSON.parse(text) as JsonSchema);
}

/**
 * How the schemas the service speaks now would break what was published of the same
 * versions, one line per problem; a version not published yet breaks nothing, and an
 * accepted correction is not a problem.
 */
export async function breakingChangesToPublished(schemas = publishedSchemas()): Promise<string[]> {
  const problems: string[] = [];
  for (const { type, version, schema } of schemas) {
    const published = await committedSchema(schemaFile(type, version));
    if (published)
      problems.push(...breakingChanges(published, schema).map((p) => `${type} ${version}: ${p}`));
  }
  const accepted = new Set(ACCEPTED_CORRECTIONS.map((correction) => correction.change));
  return problems.filter((problem) => !accepted.has(problem));
}
