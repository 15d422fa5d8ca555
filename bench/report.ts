import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BenchReport } from './benchmark';

type Row = { figure: string; value: string };

const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : 'n/a');

/** The headline figures, one per row: printed at the end and pasted into the Markdown report. */
export function summaryRows(report: BenchReport): Row[] {
  const rows: Row[] = [];
  const add = (figure: string, value: string | number) => rows.push({ figure, value: String(value) });
  if (report.e2e) {
    add('End-to-end peak (closed loop), sagas/s', report.e2e.peakPerSecond);
    for (const phase of report.e2e.phases) {
      const l = phase.latencyMs;
      add(
        `${phase.phase}: sagas/s${phase.targetPerSecond === null ? '' : ` (target ${phase.targetPerSecond})`}`,
        `${phase.completedPerSecond} (${phase.completed} done, ${phase.failed} failed)`,
      );
      add(`${phase.phase}: latency p50 / p95 / p99`, `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`);
    }
  }
  if (report.ceiling) {
    const c = report.ceiling;
    add(
      `Bare workflow (${c.activities} no-op activities, ${c.concurrency} in flight), workflows/s`,
      c.barePerSecond,
    );
    add('Saga peak / bare workflow', c.ratio);
    add(
      'Bare workflow: CPU per workflow, ms: its worker / Temporal',
      `${c.workerCpuMsPerWorkflow ?? 'n/a'} / ${c.temporalCpuMsPerWorkflow ?? 'n/a'}`,
    );
  }
  for (const cost of report.cost ?? []) {
    add(`Cost, ${cost.path} (${cost.sagas} sagas): Postgres commits / saga`, cost.pgCommitsPerSaga);
    add(`Cost, ${cost.path}: Postgres write transactions / saga`, cost.pgWriteTransactionsPerSaga);
    add(`Cost, ${cost.path}: Temporal state transitions / saga`, cost.temporalStateTransitionsPerSaga);
    add(
      `Cost, ${cost.path}: Kafka messages in / out per saga`,
      `${cost.kafkaMessagesInPerSaga} / ${cost.kafkaMessagesOutPerSaga}`,
    );
  }
  if (report.steps) {
    const { sagas, confirmed, cpuMsPerSaga, wallMsPerSaga } = report.steps;
    add(
      `Forward steps alone (${confirmed} of ${sagas} sagas confirmed, one at a time, this process): CPU / wall per saga`,
      `${ms(cpuMsPerSaga)} / ${ms(wallMsPerSaga)}`,
    );
  }
  if (report.workflow) {
    const { replays, cpuMsPerReplay, workflowPromisesPerReplay } = report.workflow;
    add(
      `Workflow code alone (${replays} replays of the recorded happy saga, a process of its own): CPU per replay / workflow promises per replay`,
      `${ms(cpuMsPerReplay)} / ${workflowPromisesPerReplay}`,
    );
  }
  if (report.relay) {
    for (const result of [report.relay.ours, report.relay.peer]) {
      if ('error' in result) {
        add('Relay, pg-transactional-outbox', `unusable: ${result.error}`);
        continue;
      }
      const f = result.flatOut;
      add(
        `Relay ${result.relay}: flat out, events/s`,
        `${f.eventsPerSecond} (${f.published}/${f.rows} in ${f.seconds} s)`,
      );
      const l = result.atRate.lagMs;
      add(
        `Relay ${result.relay}: lag at ${result.atRate.ratePerSecond} rows/s, p50 / p99`,
        `${ms(l.p50)} / ${ms(l.p99)}`,
      );
    }
    add('Relay throughput, ours / peer', report.relay.throughputRatio ?? 'n/a');
  }
  const cpu = report.summary?.cpuMsPerSaga;
  if (cpu && report.footprintSagas) {
    const part = (ms: number | null) => (ms === null ? 'n/a' : String(ms));
    add(
      `CPU per saga (${report.footprintSagas} sagas), ms: total / service / Temporal / Kafka / PostgreSQL`,
      [cpu.total, cpu.service, cpu.temporal, cpu.kafka, cpu.postgres].map(part).join(' / '),
    );
  }
  for (const f of report.footprint ?? []) {
    if (f.pids === 0) {
      add(`Footprint during e2e, ${f.process}`, 'not found (no pid file: started outside this checkout)');
      continue;
    }
    add(
      `Footprint during e2e, ${f.process}: peak RSS / CPU`,
      `${f.peakRssMb} MB / ${f.cpuSeconds} s (${f.cores} cores)`,
    );
  }
  return rows;
}

export function toMarkdown(report: BenchReport): string {
  const { machine, versions, conditions } = report.environment;
  const lines = [
    `# Benchmark results (${report.startedAt})`,
    '',
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, ${machine.os}, load average ${machine.loadAverageAtStart} at the start. ${conditions}.`,
    '',
    `Versions: Node ${versions.node}; Temporal CLI ${versions.temporal.replace(/\n/g, ' ')}; Kafka ${versions.kafka}; ` +
      `PostgreSQL ${versions.postgres}; ${Object.entries(versions.packages)
        .map(([name, version]) => `${name} ${version}`)
        .join(', ')}.`,
    '',
    `Parameters: \`${JSON.stringify(report.options)}\``,
    '',
    '| figure | value |',
    '|---|---|',
    ...summaryRows(report).map((row) => `| ${row.figure} | ${row.value} |`),
    '',
  ];
  return lines.join('\n');
}

/** `<timestamp>.json` (every number) and `latest.md` (the table) under the results folder. */
export async function writeReports(
  report: BenchReport,
  dir: string,
): Promise<{ json: string; markdown: string }> {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  const markdown = join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  // Formatted like every other Markdown file of the project, so the committed copy stays clean.
  const style = (await resolveConfig(markdown)) ?? {};
  writeFileSync(markdown, await format(toMarkdown(report), { ...style, parser: 'markdown' }));
  return { json, markdown };
}
