import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { startTracing } from '../../src/tracing/tracing';

const tracing = startTracing(
  { otlpEndpoint: undefined, serviceName: 'saga-orchestrator' },
  new InMemorySpanExporter(),
);
afterAll(() => tracing.stop());

/** A logger like the service's, writing its lines into an array. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger('info', 'test', sink) };
}

describe('log lines', () => {
  it('name the trace and span they were written in, and none outside a span', () => {
    const { lines, log } = capturedLogger();
    log.info('outside');
    trace.getTracer('test').startActiveSpan('work', (span) => {
      log.info('inside');
      span.end();
      const { traceId, spanId } = span.spanContext();
      expect(lines[1]).toMatchObject({ msg: 'inside', trace_id: traceId, span_id: spanId });
    });
    expect(lines[0]).not.toHaveProperty('trace_id');
  });
});
