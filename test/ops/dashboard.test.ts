import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parser } from '@prometheus-io/lezer-promql';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../dev/infra/paths';
import { registerSagaGauge } from '../../src/api/saga-gauge';
import { createMetrics } from '../../src/metrics';

interface Panel {
  title: string;
  datasource: { uid: string };
  targets: { expr: string }[];
}

const dashboard = JSON.parse(
  readFileSync(join(repoRoot, 'ops/grafana/dashboards/saga-orchestrator.json'), 'utf8'),
) as { panels: Panel[] };

/** Every series the service exports: its registry, a histogram's _bucket, _sum and _count included. */
function exportedSeries(): Set<string> {
  const { registry } = createMetrics();
  registerSagaGauge(registry, {} as Client); // the gauge only asks Temporal when scraped
  return new Set(
    registry
      .getMetricsAsArray()
      .flatMap(({ name, type }) =>
        String(type) === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name],
      ),
  );
}

/** The metric names a PromQL expression selects, and whether it parsed without errors. */
function selectedMetrics(expr: string): { names: string[]; valid: boolean } {
  const names: string[] = [];
  let valid = true;
  const cursor = parser.parse(expr).cursor();
  do {
    if (cursor.type.isError) valid = false;
    if (cursor.name === 'Identifier' && cursor.node.parent?.name === 'VectorSelector')
      names.push(expr.slice(cursor.from, cursor.to));
  } while (cursor.next());
  return { names, valid };
}

describe('the Grafana dashboard', () => {
  const exported = exportedSeries();
  const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ panel, ...target })));

  it('queries only metrics the service exports, in valid PromQL', () => {
    const problems = queries.flatMap(({ panel, expr }) => {
      const { names, valid } = selectedMetrics(expr);
      const unknown = names.filter((name) => !exported.has(name));
      return [
        ...(valid ? [] : [`${panel.title}: does not parse: ${expr}`]),
        ...(names.length === 0 ? [`${panel.title}: selects no metric: ${expr}`] : []),
        ...unknown.map((name) => `${panel.title}: unknown metric ${name}`),
      ];
    });
    expect(problems).toEqual([]);
  });

  it('shows the stuck sagas, step latency, relay lag, ingress outcomes, dead letters, consumer lag and violations', () => {
    const used = new Set(queries.flatMap(({ expr }) => selectedMetrics(expr).names));
    for (const name of [
      'sagas',
      'saga_step_seconds_bucket',
      'outbox_relay_lag_seconds',
      'ingress_messages_total',
      'ingress_dead_letters_total',
      'ingress_consumer_lag',
      'reconcile_violations',
    ])
      expect(used).toContain(name);
  });

  it('reads every panel from the provisioned Prometheus datasource', () => {
    const provisioned = readFileSync(
      join(repoRoot, 'ops/grafana/provisioning/datasources/prometheus.yml'),
      'utf8',
    );
    for (const panel of dashboard.panels) expect(provisioned).toContain(`uid: ${panel.datasource.uid}`);
  });
});
