import { describe, expect, it } from 'vitest';
import { isolatedCopy } from '../../dev/isolated-config';
import { ConfigError, getConfig } from '../../src/config';
import { allTopics } from '../../src/kafka/topics';

describe('getConfig', () => {
  it('defaults to the local infrastructure started by infra:up', () => {
    const config = getConfig({});
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.databaseUrl).toBe('postgresql://saga:saga@127.0.0.1:5432/saga');
    expect(allTopics(config)).toContain('orders.commands.dlq');
  });

  it('splits a comma-separated broker list', () => {
    expect(getConfig({ KAFKA_BROKERS: 'a:9092, b:9093' }).kafka.brokers).toEqual(['a:9092', 'b:9093']);
  });

  it('fails fast naming the variable that is wrong', () => {
    expect(() => getConfig({ HTTP_PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => getConfig({ HTTP_PORT: 'eighty' })).toThrow(/HTTP_PORT/);
    expect(() => getConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => getConfig({ KAFKA_BROKERS: 'no-port' })).toThrow(/KAFKA_BROKERS/);
    expect(() => getConfig({ TEMPORAL_ADDRESS: 'localhost' })).toThrow(/TEMPORAL_ADDRESS/);
    expect(() => getConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT/,
    );
  });

  it('exports traces only when an OTLP endpoint is set, as the service saga-orchestrator unless named', () => {
    expect(getConfig({}).tracing).toEqual({ otlpEndpoint: undefined, serviceName: 'saga-orchestrator' });
    expect(getConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracing.otlpEndpoint).toBeUndefined();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SERVICE_NAME: 'orders' };
    expect(getConfig(env).tracing).toEqual({ otlpEndpoint: 'http://collector:4318', serviceName: 'orders' });
  });

  it('makes isolated copies that share no topic, task queue or consumer group with the original or each other', () => {
    const base = getConfig({});
    const [a, b] = [isolatedCopy(base, 'e2e'), isolatedCopy(base, 'e2e')];
    for (const copy of [a, b]) {
      expect(allTopics(copy).filter((topic) => allTopics(base).includes(topic))).toEqual([]);
      expect(copy.temporal.taskQueue).not.toBe(base.temporal.taskQueue);
      expect(copy.kafka.clientId).not.toBe(base.kafka.clientId);
      expect(copy.databaseUrl).toBe(base.databaseUrl);
    }
    expect(allTopics(a).filter((topic) => allTopics(b).includes(topic))).toEqual([]);
    expect(a.temporal.taskQueue).not.toBe(b.temporal.taskQueue);
    expect(a.kafka.clientId).not.toBe(b.kafka.clientId);
  });
});
