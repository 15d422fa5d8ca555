import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Logs and data of the local services: one ignored folder inside the project. */
export const localDir = resolve(process.env.SAGA_LOCAL_DIR ?? join(repoRoot, '.local'));

/** Downloaded or built tools (Temporal CLI, Kafka jars), shared by every checkout. */
export const cacheDir = resolve(
  process.env.SAGA_CACHE_DIR ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'saga-orchestrator'),
);

export function serviceDir(service: string): string {
  return join(localDir, service);
}
