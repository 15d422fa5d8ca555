import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';

/**
 * Proto3 JSON for histories, the format `temporal workflow show --output json` and the Web
 * UI export. The SDK's own historyToJSON/historyFromJSON fail with "type must be a Type"
 * when npm installs a separate protobufjs copy per Temporal package (it does here, since
 * @grpc/proto-loader holds protobufjs 7 at the top level): the helper's type comes from
 * one copy and its JSON codec from another. These use the copy of @temporalio/proto.
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History | null;
}
interface HistoryClass {
  fromObject(object: unknown): History;
}

const require = createRequire(import.meta.url);
const requireFromProto = createRequire(require.resolve('@temporalio/proto'));
const proto = requireFromProto('@temporalio/proto') as Record<string, unknown>;
const protojson = requireFromProto('protobufjs/ext/protojson') as ProtoJson;
const patching = requireFromProto('@temporalio/proto/lib/patch-protobuf-root') as {
  patchProtobufRoot(root: unknown): { lookupType(name: string): unknown };
};
const historyType = patching.patchProtobufRoot(proto).lookupType('temporal.api.history.v1.History');
const historyClass = (proto as { temporal: { api: { history: { v1: { History: HistoryClass } } } } }).temporal
  .api.history.v1.History;

export function historyToJSON(history: History): unknown {
  return protojson.toJson(historyType, historyClass.fromObject(history));
}

export function historyFromJSON(json: unknown): History {
  const history = protojson.fromJson(historyType, json, { ignoreUnknownFields: true });
  if (!history) throw new TypeError('not a history');
  return history;
}
