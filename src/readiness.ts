import type { Connection } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import type { Database } from './db/prisma';
import { assertServing } from './temporal/health';

export type Check = () => Promise<unknown>;
export interface CheckResult {
  ok: boolean;
  error?: string;
}

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
