import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every Prometheus metric of the service, registered on one registry served at /metrics. */
export function createMetrics(registry = new Registry()) {
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    sagasStarted: new Counter({
      name: 'saga_started_total',
      help: 'Sagas started, by door (kafka, http)',
      labelNames: ['door'] as const,
      registers,
    }),
    stepSeconds: new Histogram({
      name: 'saga_step_seconds',
      help: 'Duration of one attempt of a saga activity, by activity and outcome (ok, rejected, error)',
      labelNames: ['activity', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    relayPublished: new Counter({
      name: 'outbox_relay_published_total',
      help: 'Outbox events published to Kafka',
      registers,
    }),
    relayFailures: new Counter({
      name: 'outbox_relay_publish_failures_total',
      help: 'Outbox events whose publication failed and will be retried with backoff',
      registers,
    }),
    relayBatchSeconds: new Histogram({
      name: 'outbox_relay_batch_seconds',
      help: 'Time to claim, publish and mark one batch',
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    relayLagSeconds: new Gauge({
      name: 'outbox_relay_lag_seconds',
      help: 'Age of the oldest unpublished outbox event (0 when none is waiting)',
      registers,
    }),
    ingressMessages: new Counter({
      name: 'ingress_messages_total',
      help: 'Inbound Kafka messages, by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    deadLetters: new Counter({
      name: 'ingress_dead_letters_total',
      help:
        'Inbound messages set aside, by error and where they went: topic, topic-without-value ' +
        '(too large for the dead-letter topic), postgres (the topic would not take them)',
      labelNames: ['error', 'to'] as const,
      registers,
    }),
    consumerCrashes: new Counter({
      name: 'ingress_consumer_crashes_total',
      help: 'Crashes of the ingress consumer, by who restarts it (kafkajs, or the ingress after a backoff)',
      labelNames: ['restarted_by'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: 'ingress_consumer_lag',
      help: 'Messages of the commands topic not yet committed by the ingress consumer group, per partition',
      labelNames: ['topic', 'partition'] as const,
      registers,
    }),
    reconcileViolations: new Gauge({
      name: 'reconcile_violations',
      help: 'Violations the last scheduled reconciliation found, per invariant (see saga reconcile)',
      labelNames: ['invariant'] as const,
      registers,
    }),
    reconcileRuns: new Counter({
      name: 'reconcile_runs_total',
      help: 'Scheduled reconciliations, by outcome (ok, violations, failed)',
      labelNames: ['outcome'] as const,
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
