/**
 * The CloudEvents `dataschema` attribute names the schema and version of an event's data:
 * `urn:saga-orchestrator:schema:<type>:<version>`, e.g.
 * `urn:saga-orchestrator:schema:payments.payment.authorized:v1`. A URN rather than a URL,
 * so it stays the same wherever the service runs; the same URN is the `$id` of the
 * schema's JSON Schema (in `docs/schemas/` and in the AsyncAPI document).
 */
const PREFIX = 'urn:saga-orchestrator:schema:';

/** Versions are `v1`, `v2`, …; a new one is needed only for a change that breaks consumers. */
export type SchemaVersion = `v${number}`;

/**
 * What data without a `dataschema` is: every event written before versions existed, and
 * every command from producers that do not send one.
 */
export const UNVERSIONED_DATA_VERSION: SchemaVersion = 'v1';

export function dataSchemaUri(type: string, version: SchemaVersion): string {
  return `${PREFIX}${type}:${version}`;
}

/** The type and version a `dataschema` names, or undefined when it is not one of ours. */
export function parseDataSchemaUri(uri: string): { type: string; version: SchemaVersion } | undefined {
  const match = /^(.+):(v[1-9]\d*)$/.exec(uri.startsWith(PREFIX) ? uri.slice(PREFIX.length) : '');
  return match ? { type: match[1]!, version: match[2] as SchemaVersion } : undefined;
}
