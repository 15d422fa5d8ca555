import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';

const db = createDatabase(getConfig().databaseUrl);

describe('PostgreSQL through Prisma', () => {
  afterAll(() => db.$disconnect());

  it('reads back with SQL a row written by the Prisma client in a transaction', async () => {
    const id = randomUUID();
    await db.$transaction(async (tx) => {
      await tx.outboxEvent.create({
        data: {
          id,
          aggregateType: 'order',
          aggregateId: `infra-test-${id}`,
          eventType: 'test.probe.written',
          topic: 'test',
          payload: { probe: id },
        },
      });
    });

    const rows = await db.$queryRaw<{ payload: { probe: string }; published_at: Date | null }[]>`
      SELECT payload, published_at FROM outbox_event WHERE id = ${id}::uuid`;
    expect(rows).toEqual([{ payload: { probe: id }, published_at: null }]);

    await db.outboxEvent.delete({ where: { id } });
    expect(await db.outboxEvent.count({ where: { id } })).toBe(0);
  });
});
