import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { kafkaVersion } from '../dev/infra/kafka';
import { resolveTemporalCli } from '../dev/infra/temporal';
import { postgresVersion } from './pg-counters';

const PACKAGES = [
  '@temporalio/worker',
  '@temporalio/client',
  'kafkajs',
  '@prisma/client',
  'pg',
  'pg-transactional-outbox',
];

function packageVersion(name: string): string {
  try {
    const url = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function temporalVersion(): string {
  try {
    return execFileSync(resolveTemporalCli(), ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** Where and with what the figures were measured. */
export async function describeMachine(databaseUrl: string) {
  const cpu = cpus();
  return {
    machine: {
      cores: cpu.length,
      cpuModel: cpu[0]?.model ?? 'unknown',
      memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
      os: `${platform()} ${release()}`,
      /** Other work on the machine skews every figure: the 1-minute load when the run started. */
      loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    },
    versions: {
      node: process.version,
      temporal: temporalVersion(),
      kafka: kafkaVersion(),
      postgres: await postgresVersion(databaseUrl),
      packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    },
  };
}
