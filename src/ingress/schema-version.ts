import { COMMAND_SCHEMAS, type CommandType } from '../../contract/command-schemas';
import {
  dataSchemaUri,
  parseDataSchemaUri,
  UNVERSIONED_DATA_VERSION,
  type SchemaVersion,
} from '../../contract/dataschema';

/** The `dataschema` of every version of a command the door accepts. */
export function acceptedDataSchemas(type: CommandType): string[] {
  return Object.keys(COMMAND_SCHEMAS[type]).map((version) => dataSchemaUri(type, version as SchemaVersion));
}

const isCommandType = (type: string): type is CommandType => Object.hasOwn(COMMAND_SCHEMAS, type);

/**
 * Why a command's data cannot be read, or undefined when the door accepts its version
 * (or does not know the type, which is a problem of its own). A command without
 * `dataschema` is of the first version: producers may leave it out. One naming another
 * type's schema, a version the door does not accept or a schema that is not ours cannot
 * be read safely, whatever its data looks like.
 */
export function unsupportedSchemaVersion(type: string, dataschema: string | undefined): string | undefined {
  if (!isCommandType(type)) return undefined;
  const named =
    dataschema === undefined ? { type, version: UNVERSIONED_DATA_VERSION } : parseDataSchemaUri(dataschema);
  if (named?.type === type && Object.hasOwn(COMMAND_SCHEMAS[type], named.version)) return undefined;
  return `dataschema ${dataschema ?? '(none: v1)'} is not a version of ${type} this service accepts; accepted: ${acceptedDataSchemas(type).join(', ')}`;
}
