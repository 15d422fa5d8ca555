import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config';
import { applyMigrations } from '../../src/db/migrate';
import { serviceDir } from './paths';
import { InfraError, runToCompletion } from './processes';
import type { LocalService } from './service';

/** PostgreSQL's server binaries: $PG_BIN, else Debian's newest /usr/lib/postgresql/<v>/bin, else PATH. */
export function resolvePgBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'postgres')));
    const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
    if (newest) return join(debian, newest, 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new InfraError(
      'PostgreSQL server binaries not found: install PostgreSQL (apt-get install postgresql) or set PG_BIN',
    );
  }
}

/** PostgreSQL refuses to run as root; there it runs as the `postgres` system user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function handOver(path: string) {
  if (process.getuid?.() !== 0) return;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  chownSync(path, uid, gid);
}

function target(config: Config) {
  const url = new URL(config.databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.slice(1),
  };
}

/** A client of `database` on the configured server, with the URL's TLS settings (sslmode and files). */
async function withClient<T>(config: Config, database: string, use: (client: pg.Client) => Promise<T>) {
  const url = new URL(config.databaseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** A server certificate and its key (PEM files) for a cluster that also accepts TLS. */
export interface ServerTls {
  certFile: string;
  keyFile: string;
}

/** Copies of the certificate and key the server user owns, as PostgreSQL insists for the key. */
function serverTlsSettings(dir: string, tls: ServerTls): string[] {
  const [cert, key] = [join(dir, 'server.crt'), join(dir, 'server.key')];
  copyFileSync(tls.certFile, cert);
  copyFileSync(tls.keyFile, key);
  chmodSync(key, 0o600);
  [cert, key].forEach(handOver);
  return ['-c', 'ssl=on', '-c', `ssl_cert_file=${cert}`, '-c', `ssl_key_file=${key}`];
}

/**
 * A PostgreSQL cluster of its own in `dir`, serving the host and port of the
 * configuration's DATABASE_URL. `external` says when the user's own server is used instead;
 * with `tls` it accepts TLS connections too.
 */
export function postgresServiceIn(
  dir: string,
  external: LocalService['external'] = () => false,
  tls?: ServerTls,
): LocalService {
  const dataDir = join(dir, 'data');
  const service: LocalService = {
    name: 'PostgreSQL',
    dir,
    external,
    address: (config) => `${target(config).host}:${target(config).port}`,
    startTimeoutMs: 60_000,
    stopSignal: 'SIGINT', // "fast" shutdown: SIGTERM would wait for every client to disconnect
    install: () => void resolvePgBin(),
    init(config) {
      if (existsSync(join(dataDir, 'PG_VERSION'))) return;
      const { user, password } = target(config);
      mkdirSync(dataDir, { recursive: true });
      const pwfile = join(dir, 'initdb.pw');
      writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
      [dir, dataDir, pwfile].forEach(handOver);
      const [command, args] = asServerUser(join(resolvePgBin(), 'initdb'), [
        '-D',
        dataDir,
        '-U',
        user,
        `--pwfile=${pwfile}`,
        '-A',
        'scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
      ]);
      runToCompletion('PostgreSQL initdb', command, args, { stdio: 'pipe' });
    },
    daemon(config) {
      const { host, port } = target(config);
      const [command, args] = asServerUser(join(resolvePgBin(), 'postgres'), [
        '-D',
        dataDir,
        '-h',
        host,
        '-p',
        String(port),
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
        '-c',
        'synchronous_commit=on',
        ...(tls ? serverTlsSettings(dir, tls) : []),
      ]);
      return { name: 'PostgreSQL', dir, command, args };
    },
    async probe(config) {
      await withClient(config, 'postgres', (client) => client.query('SELECT 1'));
    },
    async prepare(config) {
      const { database } = target(config);
      if (!service.external(process.env)) {
        await withClient(config, 'postgres', async (client) => {
          const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
          if (exists.rowCount === 0)
            await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
        });
      }
      await applyMigrations(config.databaseUrl);
    },
  };
  return service;
}

export const postgresService = postgresServiceIn(
  serviceDir('postgres'),
  (env) => env.DATABASE_URL !== undefined,
);
