import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ENV_NAMES, getConfig } from '../../src/config';
import { repoRoot } from '../../dev/infra/paths';

interface ComposeService {
  volumes?: string[];
  ports?: string[];
  environment?: Record<string, string | number>;
  command?: string[];
}

const compose = parse(readFileSync(join(repoRoot, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const defaults = getConfig({});
/** What the user exports before `docker compose up`, as the file's header says. */
const userEnv: Record<string, string> = { AUTH_JWT_SECRET: 'x'.repeat(32) };
/** Compose's `${VAR:-default}` and `${VAR:?message}` against the user's environment. */
const interpolate = (value: string) =>
  value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const set = userEnv[name];
    if (set) return set;
    if (kind === '?') throw new Error(`compose would refuse to start: ${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
const portOf = (hostPort: string) => Number(hostPort.split(':').at(-1));
const published = (service: string) =>
  (compose.services[service]?.ports ?? []).map((p) => Number(p.split(':')[0]));

describe('docker-compose.yml', () => {
  it('runs the three services and each of the app roles', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgres', 'kafka', 'temporal', 'worker', 'api', 'ingress', 'relay']),
    );
    for (const role of ['worker', 'api', 'ingress', 'relay']) {
      expect(compose.services[role]?.command).toEqual(['--role', role]);
    }
  });

  it('publishes the same ports the local infrastructure and the app default to', () => {
    expect(published('postgres')).toContain(Number(new URL(defaults.databaseUrl).port || 5432));
    expect(published('kafka')).toContain(portOf(defaults.kafka.brokers[0] ?? ''));
    expect(published('temporal')).toEqual(
      expect.arrayContaining([
        portOf(defaults.temporal.address),
        Number(new URL(defaults.temporal.uiUrl).port),
      ]),
    );
    expect(published('api')).toContain(defaults.http.port);
  });

  it('configures the app only with variables getConfig reads, and valid values for them', () => {
    for (const role of ['worker', 'api', 'ingress', 'relay']) {
      const environment = Object.fromEntries(
        Object.entries(compose.services[role]?.environment ?? {}).map(([key, value]) => [
          key,
          interpolate(String(value)),
        ]),
      );
      expect(Object.keys(environment).filter((name) => !(ENV_NAMES as string[]).includes(name))).toEqual([]);
      const config = getConfig(environment);
      expect(config.temporal.address).toBe('temporal:7233');
      expect(config.databaseUrl).toMatch(/@postgres:5432\//);
      expect(config.kafka.brokers).toEqual(['kafka:19092']);
      expect(config.auth).toMatchObject({ mode: 'secret' });
    }
  });

  it('uses the database credentials of the local default', () => {
    const local = new URL(defaults.databaseUrl);
    const env = compose.services.postgres?.environment ?? {};
    expect([env.POSTGRES_USER, env.POSTGRES_PASSWORD, env.POSTGRES_DB]).toEqual([
      local.username,
      local.password,
      local.pathname.slice(1),
    ]);
  });

  it('runs Prometheus scraping every role and Grafana with the dashboard, from files of the repository', () => {
    for (const service of ['prometheus', 'grafana']) {
      const mounts = (compose.services[service]?.volumes ?? []).filter((volume) => volume.startsWith('./'));
      expect(mounts.length).toBeGreaterThan(0);
      for (const mount of mounts) expect(existsSync(join(repoRoot, mount.split(':')[0]!))).toBe(true);
    }
    const prometheus = parse(readFileSync(join(repoRoot, 'ops/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: { metrics_path: string; static_configs: { targets: string[] }[] }[];
    };
    const [job] = prometheus.scrape_configs;
    expect(job?.metrics_path).toBe('/metrics');
    expect(job?.static_configs.flatMap((c) => c.targets).sort()).toEqual(
      ['worker', 'api', 'ingress', 'relay'].map((role) => `${role}:${defaults.http.port}`).sort(),
    );
    const dashboards = parse(
      readFileSync(join(repoRoot, 'ops/grafana/provisioning/dashboards/saga-orchestrator.yml'), 'utf8'),
    ) as { providers: { options: { path: string } }[] };
    const grafanaMounts = compose.services.grafana?.volumes ?? [];
    expect(grafanaMounts).toContain(`./ops/grafana/dashboards:${dashboards.providers[0]?.options.path}:ro`);
  });
});
