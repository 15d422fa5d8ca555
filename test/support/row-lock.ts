import pg from 'pg';
import type { Database } from '../../src/db/prisma';
import { waitFor } from './wait-for';

export interface HeldLock {
  /** The backend holding the lock, to find who waits for it. */
  pid: number;
  release(): Promise<void>;
}

/**
 * Runs `sql` (a `SELECT … FOR UPDATE`, or a `SELECT` taking an advisory lock) in an open
 * transaction on a connection of its own, holding its locks until released: a stand-in
 * for whatever keeps a step waiting.
 */
export async function holdRowLock(databaseUrl: string, sql: string, params: unknown[]): Promise<HeldLock> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  const { rowCount } = await client.query(sql, params);
  if (rowCount !== 1) throw new Error(`expected to lock one row, locked ${rowCount}: ${sql}`);
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  return {
    pid: rows[0]!.pid,
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

/** The statements waiting for a lock that `pid` holds: their backends and start times. */
async function waitingFor(db: Database, pid: number): Promise<{ pid: number; since: string }[]> {
  return db.$queryRaw`
    SELECT pid, query_start::text AS since FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
}

/** The backends waiting for a lock that `pid` holds. */
export async function waitersOf(db: Database, pid: number): Promise<number[]> {
  return (await waitingFor(db, pid)).map((waiting) => waiting.pid);
}

/** The statements waiting for a lock that `pid` holds, each named by its backend and start time. */
export async function statementsWaitingFor(db: Database, pid: number): Promise<string[]> {
  return (await waitingFor(db, pid)).map((waiting) => `${waiting.pid} since ${waiting.since}`);
}

/** Resolves with the backend that waits for `pid`'s lock, once one does. */
export function blockedBy(db: Database, pid: number, what: string, timeoutMs = 10_000): Promise<number> {
  return waitFor(what, async () => (await waitersOf(db, pid))[0], timeoutMs);
}
