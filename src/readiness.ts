import type { Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import type { Database } from './db/prisma';
import type { Logger } from './logger';
import { assertServing } from './temporal/health';

export type Check = () => Promise<unknown>;
export interface CheckResult {
  ok: boolean;
  error?: string;
}

/** How long one round of checks answers every probe: /readyz is public, its checks are not free. */
export const READINESS_TTL_MS = 1_000;

const CHECK_TIMEOUT_MS = 2_000;

function withTimeout(check: Check): Promise<unknown> {
  return Promise.race([
    check(),
    new Promise((_, reject) =>
      setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS).unref(),
    ),
  ]);
}

/** The checks behind /readyz: each dependency must answer a real request. */
export function dependencyChecks(deps: {
  connection: Connection;
  admin: Admin;
  db: Database;
}): Record<string, Check> {
  return {
    temporal: () => assertServing(deps.connection),
    kafka: () => deps.admin.describeCluster(),
    postgres: () => deps.db.$queryRaw`SELECT 1`,
  };
}

export async function runChecks(checks: Record<string, Check>): Promise<Record<string, CheckResult>> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check);
        return [name, { ok: true }] as [string, CheckResult];
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [name, { ok: false, error: message }] as [string, CheckResult];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/**
 * The checks as a public endpoint runs them: one round at a time shared by every probe
 * within `ttlMs`, and failures named without their messages (host names, addresses),
 * which go to the log instead.
 */
export function sharedReadiness(
  checks: Record<string, Check>,
  log: Pick<Logger, 'warn'>,
  ttlMs = READINESS_TTL_MS,
): () => Promise<Record<string, CheckResult>> {
  let last: { at: number; results: Promise<Record<string, CheckResult>> } | undefined;
  const round = async () => {
    const results = await runChecks(checks);
    for (const [name, result] of Object.entries(results)) {
      if (!result.ok) log.warn({ check: name, err: result.error }, 'not ready');
    }
    return Object.fromEntries(Object.entries(results).map(([name, { ok }]) => [name, { ok }]));
  };
  return () => {
    const now = performance.now();
    if (!last || now - last.at >= ttlMs) last = { at: now, results: round() };
    return last.results;
  };
}
