import type { Admin } from 'kafkajs';
import type { Database } from '../../db/prisma';
import type { Violation } from './violations';

/**
 * A published outbox row's recorded offset must exist on its topic: one at or past the
 * partition's end means the topic lost it (recreated, truncated) or the record is wrong.
 * One aggregate query and one offset request per topic.
 */
export async function kafkaViolations(
  db: Database,
  admin: Pick<Admin, 'fetchTopicOffsets'>,
): Promise<Violation[]> {
  const highest = await db.$queryRaw<{ topic: string; partition: number; offset: bigint }[]>`
    SELECT topic, published_partition AS partition, max(published_offset) AS offset
    FROM outbox_event WHERE published_offset IS NOT NULL
    GROUP BY topic, published_partition`;
  const violations: Violation[] = [];
  for (const topic of new Set(highest.map((row) => row.topic))) {
    const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
    const end = new Map(ends.map((p) => [p.partition, BigInt(p.high)]));
    for (const row of highest.filter((r) => r.topic === topic)) {
      const high = end.get(row.partition) ?? 0n;
      if (row.offset >= high)
        violations.push({
          invariant: 'event-offset-beyond-topic-end',
          subject: `${topic}/${row.partition}`,
          detail: `an event was recorded as published at offset ${row.offset} but the partition ends at ${high}`,
        });
    }
  }
  return violations;
}
