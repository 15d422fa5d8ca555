import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { up } from '../../dev/infra/manager';
import { postgresServiceIn, type ServerTls } from '../../dev/infra/postgres';
import { stopDaemon } from '../../dev/infra/processes';
import type { Config } from '../../src/config';
import { freePorts } from '../../dev/free-port';

export interface PrivatePostgres {
  databaseUrl: string;
  port: number;
  /** A fast shutdown: every connection is cut, as when a server restarts. */
  stopServer(): Promise<void>;
  /** Starts the server again on the same port, with the same data. */
  startServer(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server for good and deletes its data. */
  remove(): Promise<void>;
}

/**
 * A PostgreSQL server of one test's own (a temporary cluster on a free port, migrated),
 * for tests that stop or restart it while the shared server stays untouched; with `tls`
 * it accepts TLS connections too.
 */
export async function startPrivatePostgres(base: Config, tls?: ServerTls): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'saga-private-postgres-'));
  const [port] = await freePorts(1);
  const url = new URL(base.databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  const config = { ...base, databaseUrl: url.toString() };
  const service = postgresServiceIn(dir, () => false, tls);
  const startServer = async () => void (await up(service, config));
  const stopServer = async () => void (await stopDaemon(dir, service.stopSignal));
  await startServer();
  return {
    databaseUrl: config.databaseUrl,
    port: port!,
    stopServer,
    startServer,
    async restart() {
      await stopServer();
      await startServer();
    },
    async remove() {
      await stopServer();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
