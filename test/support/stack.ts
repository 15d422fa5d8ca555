import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { isolatedConfig } from '../../dev/isolated-config';
import { getConfig, type Config } from '../../src/config';
import { createLogger, type Logger } from '../../src/logger';
import { serveApi } from '../../src/roles/api';
import { createRoleContext } from '../../src/roles/context';
import { startIngressRole } from '../../src/roles/ingress';
import { startRelayRole } from '../../src/roles/relay';
import type { RoleContext, RoleStarter, StopFunction } from '../../src/roles/role';
import { startWorkerRole } from '../../src/roles/worker';
import type { SpanSink } from '../../src/tracing/tracing';

/**
 * A private copy of the service for one test file: its own task queue and its own
 * fresh topics on the real broker, so tests never see each other's sagas or events.
 */
export async function e2eConfig(): Promise<Config> {
  const config = await isolatedConfig(getConfig(), 'e2e');
  return { ...config, relay: { ...config.relay, pollIntervalMs: 100 } };
}

export interface Stack {
  config: Config;
  context: RoleContext;
  client: Client;
  start(starter: RoleStarter): Promise<void>;
  /** The REST API on an ephemeral port, with some settings changed; returns its base URL. */
  startApi(changed?: Partial<Config>, log?: Logger): Promise<string>;
  stop(): Promise<void>;
}

/** `spans`: where the worker hands its workflows' spans (discarded by default). */
export async function startStack(
  config: Config,
  {
    log = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    spans,
  }: { log?: Logger; spans?: SpanSink } = {},
): Promise<Stack> {
  // As in the service: the worker's connection is shared with the doors (eager starts).
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const context = { ...createRoleContext(config, log, undefined, spans), workerConnection };
  const connection = await Connection.connect({ address: config.temporal.address });
  const client = new Client({ connection, namespace: config.temporal.namespace });
  const stops: StopFunction[] = [];
  return {
    config,
    context,
    client,
    async start(starter) {
      stops.push(await starter(context));
    },
    async startApi(changed = {}, apiLog = log) {
      const api = await serveApi({ ...context, log: apiLog, config: { ...config, ...changed } }, 0);
      stops.push(api.stop);
      return `http://127.0.0.1:${api.port}`;
    },
    async stop() {
      for (const stop of stops.reverse()) await stop();
      await connection.close();
      await workerConnection.close();
      await context.close();
    },
  };
}

export const roles = { worker: startWorkerRole, relay: startRelayRole, ingress: startIngressRole };
