import { isDeepStrictEqual } from 'node:util';
import type { JsonSchema } from '../../contract/json-schemas';

/** Keywords that only explain: changing them changes nothing a message may be. */
const ANNOTATIONS = new Set(['title', 'description', 'examples', 'deprecated', '$comment']);
const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keywords compared part by part below; every other keyword of a published schema is frozen. */
const walked = (keyword: string, published: JsonSchema, current: JsonSchema) =>
  keyword === 'required' ||
  ((keyword === 'properties' || keyword === 'items') &&
    isSchema(published[keyword]) &&
    isSchema(current[keyword]));
const show = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
const propertiesOf = (schema: JsonSchema) => (isSchema(schema.properties) ? schema.properties : {});
const requiredOf = (schema: JsonSchema) => new Set(Array.isArray(schema.required) ? schema.required : []);

/**
 * What in `current` would break someone relying on `published`, the same type and
 * version as published before; empty when the change is compatible. Consumers of events
 * and producers of commands both build on a published version, so it may only gain
 * optional fields and explanations. A field removed, a type changed, a field newly
 * required or no longer required, any constraint or enum narrowed or widened needs a
 * new version instead.
 */
export function breakingChanges(published: JsonSchema, current: JsonSchema, at = ''): string[] {
  const where = at || '(data)';
  const keywords = new Set([...Object.keys(published), ...Object.keys(current)]);
  const changed = [...keywords].filter(
    (keyword) =>
      !ANNOTATIONS.has(keyword) &&
      !walked(keyword, published, current) &&
      !isDeepStrictEqual(published[keyword], current[keyword]),
  );
  // With its type changed, a field is a different field: the rest of its changes is noise.
  const problems = (changed.includes('type') ? ['type'] : changed).map(
    (keyword) => `${where}: ${keyword} changed from ${show(published[keyword])} to ${show(current[keyword])}`,
  );
  if (changed.includes('type')) return problems;

  const [before, after] = [propertiesOf(published), propertiesOf(current)];
  const field = (name: string) => (at ? `${at}.${name}` : name);
  for (const [name, schema] of Object.entries(before)) {
    const now = after[name];
    if (!isSchema(now)) problems.push(`${field(name)}: removed`);
    else if (isSchema(schema)) problems.push(...breakingChanges(schema, now, field(name)));
  }
  const [wasRequired, isRequired] = [requiredOf(published), requiredOf(current)];
  for (const name of isRequired)
    if (!wasRequired.has(name)) problems.push(`${field(String(name))}: now required`);
  for (const name of wasRequired)
    if (!isRequired.has(name) && String(name) in after)
      problems.push(`${field(String(name))}: no longer required`);
  if (isSchema(published.items) && isSchema(current.items)) {
    problems.push(...breakingChanges(published.items, current.items, `${at}[]`));
  }
  return problems;
}
