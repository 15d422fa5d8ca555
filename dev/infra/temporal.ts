import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_NAMES } from '../../contract/saga';
import type { Config } from '../../src/config';
import { assertServing } from '../../src/temporal/health';
import { ensureSearchAttributes } from '../../src/temporal/search-attributes';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';
import { parseHostPort } from './host-port';
import { cacheDir, serviceDir } from './paths';
import { InfraError, runToCompletion } from './processes';
import type { LocalService } from './service';

/** Newest CLI tag installable with `go install` (later tags carry `replace` directives). */
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function onPath(binary: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, binary))) return join(dir, binary);
  }
  return undefined;
}

/** The Temporal CLI: $TEMPORAL_CLI, then PATH, then the cache, else built once from the Go module proxy. */
export function resolveTemporalCli(): string {
  const explicit = process.env.TEMPORAL_CLI;
  if (explicit) {
    if (!existsSync(explicit))
      throw new InfraError(`TEMPORAL_CLI points at ${explicit}, which does not exist`);
    return explicit;
  }
  const cached = join(cacheDir, 'bin', 'temporal');
  const found = onPath('temporal') ?? (existsSync(cached) ? cached : undefined);
  if (found) return found;
  if (!onPath('go')) {
    throw new InfraError(
      'The Temporal CLI is not installed and Go is not available to build it; set TEMPORAL_CLI',
    );
  }
  console.log(
    `Building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${cached}; this takes a few minutes once.`,
  );
  runToCompletion('Temporal CLI build', 'go', ['install', TEMPORAL_CLI_MODULE], {
    env: { ...process.env, GOBIN: join(cacheDir, 'bin'), GOFLAGS: '-mod=mod' },
  });
  return cached;
}

async function withConnection<T>(config: Config, use: (connection: Connection) => Promise<T>): Promise<T> {
  const connection = await Connection.connect({
    ...temporalConnectionOptions(config.temporal),
    connectTimeout: 2_000,
  });
  try {
    return await use(connection);
  } finally {
    await connection.close();
  }
}

/** Ready means: the gRPC health check says SERVING and the namespace exists. */
async function probe(config: Config): Promise<void> {
  await withConnection(config, async (connection) => {
    await assertServing(connection);
    await connection.workflowService.describeNamespace({ namespace: config.temporal.namespace });
  });
}

/** Registers the custom search attributes that are missing (needed on a user's own server too). */
async function prepare(config: Config): Promise<void> {
  await withConnection(config, (connection) => ensureSearchAttributes(connection, config.temporal.namespace));
}

export const temporalService: LocalService = {
  name: 'Temporal',
  dir: serviceDir('temporal'),
  external: (env) => env.TEMPORAL_ADDRESS !== undefined,
  address: (config) => config.temporal.address,
  startTimeoutMs: 60_000,
  install: () => void resolveTemporalCli(),
  daemon(config) {
    const { host, port } = parseHostPort(config.temporal.address, 7233);
    const uiPort = new URL(config.temporal.uiUrl).port || '8233';
    const dir = serviceDir('temporal');
    return {
      name: 'Temporal',
      dir,
      command: resolveTemporalCli(),
      args: [
        'server',
        'start-dev',
        '--ip',
        host,
        '--port',
        String(port),
        '--ui-port',
        uiPort,
        '--db-filename',
        join(dir, 'temporal.db'),
        // WAL instead of a rollback journal: far fewer fsyncs per commit, which took the
        // server from 10 to 28 bare workflows/s on two cores (as fast as in-memory).
        '--sqlite-pragma',
        'journal_mode=wal',
        '--sqlite-pragma',
        'synchronous=normal',
        '--namespace',
        config.temporal.namespace,
        ...SEARCH_ATTRIBUTE_NAMES.flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
        '--log-format',
        'json',
        '--log-level',
        'warn',
      ],
    };
  },
  probe,
  prepare,
};
