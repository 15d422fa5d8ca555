import pg from 'pg';

export interface PgCounters {
  /** Committed transactions of the database, read-only ones included (pg_stat_database). */
  commits: number;
  /** Next transaction id: only write transactions are given one, so deltas count writes exactly. */
  nextXid: bigint;
}

/**
 * Reads both counters on a fresh connection. A backend reports its statistics when it
 * exits at the latest, so closing the connection makes this read's own commit count once.
 */
export async function readPgCounters(databaseUrl: string): Promise<PgCounters> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ commits: string; next_xid: string }>(
      `SELECT xact_commit::text AS commits, pg_snapshot_xmax(pg_current_snapshot())::text AS next_xid
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    return { commits: Number(rows[0]!.commits), nextXid: BigInt(rows[0]!.next_xid) };
  } finally {
    await client.end();
  }
}

/**
 * Statistics reach pg_stat_database when backends go idle or exit, slightly after the
 * commits themselves; reads until two in a row agree. Returns the counters and how many
 * reads it took (each read is one commit of its own).
 */
export async function readSettledPgCounters(
  databaseUrl: string,
): Promise<{ counters: PgCounters; reads: number }> {
  let previous = await readPgCounters(databaseUrl);
  for (let reads = 2; reads <= 20; reads++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const next = await readPgCounters(databaseUrl);
    // The previous read's own commit is the only expected change.
    if (next.commits <= previous.commits + 1) return { counters: next, reads };
    previous = next;
  }
  return { counters: previous, reads: 20 };
}

export async function postgresVersion(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]!.server_version;
  } finally {
    await client.end();
  }
}
