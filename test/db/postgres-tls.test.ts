import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { applyMigrations } from '../../src/db/migrate';
import { createDatabase, type Database } from '../../src/db/prisma';
import { createLogger } from '../../src/logger';
import { createOutboxNotifier, listenForOutboxCommits } from '../../src/outbox/wake-up/commit-notifications';
import {
  createCertificateAuthority,
  issueServerCertificate,
  type Certificate,
} from '../support/certificates';
import { startPrivatePostgres, type PrivatePostgres } from '../support/private-postgres';

const dir = mkdtempSync(join(tmpdir(), 'saga-postgres-tls-'));
const log = createLogger('silent');
let postgres: PrivatePostgres;
let trustedCa: Certificate;
let otherCa: Certificate;
const opened: Database[] = [];

/** The private server's URL with TLS query parameters, checked by getConfig as the service checks it. */
function urlWith(params: Record<string, string>, base = postgres.databaseUrl): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return getConfig({ DATABASE_URL: url.toString() }).databaseUrl;
}

function database(url: string): Database {
  const db = createDatabase(url, { max: 2 });
  opened.push(db);
  return db;
}

beforeAll(async () => {
  trustedCa = createCertificateAuthority(dir, 'trusted-ca');
  otherCa = createCertificateAuthority(dir, 'other-ca');
  postgres = await startPrivatePostgres(getConfig(), issueServerCertificate(trustedCa, dir, 'server'));
});
afterAll(async () => {
  for (const db of opened) await db.$disconnect();
  await postgres?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('PostgreSQL over TLS, configured by sslmode in DATABASE_URL', () => {
  it('migrations, Prisma and the outbox LISTEN/NOTIFY connections all verify the server and encrypt', async () => {
    const url = urlWith({ sslmode: 'verify-full', sslrootcert: trustedCa.certFile });
    await applyMigrations(url);
    const db = database(url);

    let commits = 0;
    let onCommit: () => void = () => undefined;
    const committed = (count: number) =>
      new Promise<void>((resolve) => (onCommit = () => ++commits >= count && resolve()));
    const connected = committed(1); // the listener reports a commit as soon as it listens
    const stopListening = await listenForOutboxCommits(url, () => onCommit(), log);
    const notifier = createOutboxNotifier(url, log);
    try {
      await connected;
      const notified = committed(2);
      notifier.notify();
      await notified;

      const connections = await db.$queryRaw<{ query: string; ssl: boolean }[]>`
        SELECT a.query, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
        WHERE a.backend_type = 'client backend' AND a.datname = current_database()`;
      expect(connections.some((c) => c.query.startsWith('LISTEN'))).toBe(true);
      expect(connections.some((c) => c.query.includes('pg_notify'))).toBe(true);
      expect(connections.filter((c) => !c.ssl)).toEqual([]);
    } finally {
      await stopListening();
      await notifier.close();
    }
  });

  it('refuses a server whose certificate was not signed by the configured CA, saying so', async () => {
    const url = urlWith({ sslmode: 'verify-full', sslrootcert: otherCa.certFile });

    await expect(applyMigrations(url)).rejects.toThrow(/certificate/);
    await expect(database(url).$queryRaw`SELECT 1`).rejects.toThrow(/certificate/);
  });

  it('refuses a server without TLS when sslmode asks for it, saying so', async () => {
    const url = urlWith({ sslmode: 'require' }, getConfig().databaseUrl);

    await expect(applyMigrations(url)).rejects.toThrow(/does not support SSL/);
    await expect(database(url).$queryRaw`SELECT 1`).rejects.toThrow(/does not support SSL/);
  });
});
