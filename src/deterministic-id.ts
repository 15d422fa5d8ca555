import { createHash } from 'node:crypto';

/** Namespace of every name-based id this service derives (an arbitrary, fixed UUID). */
const NAMESPACE = Buffer.from('8f0c2a6e5b3d4e1f9a7c6b5d4e3f2a1b', 'hex');

/**
 * A UUID version 5 (RFC 9562, SHA-1, name-based) of the given parts. A retried
 * activity derives the same id again, so its rows and events collide with the first
 * attempt's on their primary keys instead of being duplicated.
 */
export function deterministicUuid(...parts: string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(JSON.stringify(parts)).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
