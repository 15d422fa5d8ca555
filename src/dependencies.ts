import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { Config } from './config';
import { applyMigrations } from './db/migrate';
import { createKafka } from './kafka/client';
import { ensureTopics } from './kafka/topics';
import type { Logger } from './logger';
import { ensureSearchAttributes } from './temporal/search-attributes';
import { temporalConnectionOptions } from './temporal/connection-options';

/** How a process gets Temporal, Kafka and PostgreSQL ready before its roles start. */
export interface Dependencies {
  /** Resolves once every server answers and holds what the service needs in it. */
  prepare(config: Config, log: Logger): Promise<void>;
}

const PREPARE_TIMEOUT_MS = 120_000;

/** Retries `step` until it succeeds: in a fresh deployment the servers may still be starting. */
async function untilDone(name: string, step: () => Promise<unknown>, log: Logger): Promise<void> {
  const deadline = Date.now() + PREPARE_TIMEOUT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      await step();
      return;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + delay > deadline)
        throw new Error(`${name} was not ready within ${PREPARE_TIMEOUT_MS / 1000}s: ${reason}`, {
          cause: error,
        });
      log.warn({ dependency: name, err: reason, retryInMs: delay }, 'dependency not ready yet');
      await sleep(delay);
    }
  }
}

/**
 * Prepares servers that run elsewhere (containers, managed services): the database
 * schema, the topics and the search attributes. Idempotent and safe when several
 * processes start at once, so every role can run it however it is started.
 */
export async function prepareServers(config: Config, log: Logger): Promise<void> {
  await untilDone('PostgreSQL', () => applyMigrations(config.databaseUrl), log);
  await untilDone(
    'Kafka',
    async () => {
      const admin = createKafka(config, log, 'prepare').admin();
      await admin.connect();
      try {
        await ensureTopics(admin, config);
      } finally {
        await admin.disconnect();
      }
    },
    log,
  );
  await untilDone(
    'Temporal',
    async () => {
      const connection = await Connection.connect({
        ...temporalConnectionOptions(config.temporal),
        connectTimeout: 5_000,
      });
      try {
        await ensureSearchAttributes(connection, config.temporal.namespace);
      } finally {
        await connection.close();
      }
    },
    log,
  );
}

/** The servers are someone else's: only wait for them and prepare them. */
export const externalServers: Dependencies = { prepare: prepareServers };
