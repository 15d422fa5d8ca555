import { describe, expect, it } from 'vitest';
import { allTopics, ConfigError, getConfig } from '../../src/config';

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
  });
});
