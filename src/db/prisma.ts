import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import type { Logger } from '../logger';

export type Database = PrismaClient;

/**
 * Prisma Client over node-postgres: no native query engine is needed. The adapter keeps
 * its pool's connection errors (a PostgreSQL restart) from ending the process and
 * replaces the lost connections; `log` makes them visible.
 */
export function createDatabase(databaseUrl: string, options: { max?: number; log?: Logger } = {}): Database {
  const { log } = options;
  const lost = (what: string) => (error: Error) =>
    log?.warn({ err: error.message }, `PostgreSQL ${what} lost; it is replaced on next use`);
  const adapter = new PrismaPg(
    { connectionString: databaseUrl, max: options.max ?? 10 },
    { onPoolError: lost('idle connection'), onConnectionError: lost('connection of a transaction') },
  );
  return new PrismaClient({ adapter, errorFormat: 'minimal' });
}
