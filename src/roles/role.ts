import type { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';
import type { Database } from '../db/prisma';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { OutboxSignal } from '../outbox/wake-up/outbox-signal';
import type { SpanSink } from '../tracing/tracing';

/** Every long-lived component is started by a function that returns how to stop it. */
export type StopFunction = () => Promise<void>;

/** What every role gets from the process that hosts it. */
export interface RoleContext {
  config: Config;
  db: Database;
  log: Logger;
  metrics: Metrics;
  /** Wakes relays after activities commit outbox rows. */
  outbox: OutboxSignal;
  /** Where the worker hands the spans of its workflows (they are made inside the workflow sandbox). */
  spans: SpanSink;
  /**
   * Set when this process runs the worker: its connection to Temporal, shared with the
   * doors so they can ask for eager starts (see startSaga).
   */
  workerConnection?: NativeConnection;
}

export type RoleStarter = (context: RoleContext) => Promise<StopFunction>;

export const ROLES = ['worker', 'api', 'ingress', 'relay'] as const;
export type Role = (typeof ROLES)[number];

export class UsageError extends Error {
  override name = 'UsageError';
}

/** `--role worker,relay` (or repeated `--role`) picks roles; none means all of them. */
export function parseRoles(argv: string[]): Role[] {
  const picked = argv.flatMap((arg, index) => (arg === '--role' ? (argv[index + 1] ?? '').split(',') : []));
  if (picked.length === 0) return [...ROLES];
  const unknown = picked.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (unknown.length > 0)
    throw new UsageError(`Unknown role ${unknown.join(', ')}; roles are ${ROLES.join(', ')}`);
  return [...new Set(picked as Role[])];
}
