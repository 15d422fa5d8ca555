import { randomBytes } from 'node:crypto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { expect } from 'vitest';

/** A W3C traceparent as an upstream service would send it, with its trace and span ids. */
export function upstreamTraceparent() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

export const traceIdOf = (traceparent: string | undefined) => traceparent?.split('-')[1];
export const spanIdOf = (traceparent: string | undefined) => traceparent?.split('-')[2];

/**
 * The spans form one tree hanging from the upstream span: exactly one of them is its
 * child, and every other span's parent is one of them.
 */
export function expectOneTree(spans: ReadableSpan[], upstreamSpanId: string): void {
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const detached = spans.filter(
    (span) => span.parentSpanId !== upstreamSpanId && !ids.has(span.parentSpanId ?? ''),
  );
  expect(detached.map((span) => `${span.name} (parent ${span.parentSpanId ?? 'none'})`)).toEqual([]);
  expect(spans.filter((span) => span.parentSpanId === upstreamSpanId)).toHaveLength(1);
}

/** How many spans of each name. */
export function spanCounts(spans: ReadableSpan[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const span of spans) counts[span.name] = (counts[span.name] ?? 0) + 1;
  return counts;
}
