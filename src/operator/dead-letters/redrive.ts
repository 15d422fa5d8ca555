import { randomUUID } from 'node:crypto';
import type { Producer } from 'kafkajs';
import type { Database } from '../../db/prisma';
import { REDRIVEN_FROM_HEADER, type DeadLetterRecord } from './dead-letter-record';

export type RedriveResult =
  | { id: string; outcome: 'redriven' | 'would-redrive'; partition?: number; offset?: string }
  | { id: string; outcome: 'refused'; reason: string };

export interface RedriveDeps {
  db: Database;
  producer: Producer;
  commandsTopic: string;
}

/** Earlier redrives of these dead letters, by dead letter id. */
export async function earlierRedrives(db: Database, ids: string[]): Promise<Map<string, Date>> {
  const rows = await db.deadLetterRedrive.findMany({
    where: { deadLetter: { in: ids } },
    orderBy: { redrivenAt: 'asc' },
  });
  return new Map(rows.map((row) => [row.deadLetter, row.redrivenAt]));
}

/**
 * Sends each dead letter back to the commands topic as it first came (same key, value,
 * headers and so CloudEvent id, so the doors still deduplicate), marked with the dead
 * letter it came from, and records the redrive. One the operator already redrove is
 * refused unless `force`; one whose value was left out cannot be sent again. If it fails
 * again the ingress dead-letters it anew: nothing redrives automatically, so nothing loops.
 */
export async function redrive(
  deps: RedriveDeps,
  letters: DeadLetterRecord[],
  options: { force: boolean; dryRun: boolean },
  onProgress: (done: number) => void = () => undefined,
): Promise<RedriveResult[]> {
  const before = await earlierRedrives(
    deps.db,
    letters.map((l) => l.id),
  );
  const results: RedriveResult[] = [];
  for (const letter of letters) {
    const earlier = before.get(letter.id);
    if (letter.valueOmitted)
      results.push({
        id: letter.id,
        outcome: 'refused',
        reason:
          'its value was too large for the dead-letter topic and was left out; find it at its source offset',
      });
    else if (earlier && !options.force)
      results.push({
        id: letter.id,
        outcome: 'refused',
        reason: `already redriven at ${earlier.toISOString()}; pass --force to send it again`,
      });
    else if (options.dryRun) results.push({ id: letter.id, outcome: 'would-redrive' });
    else results.push(await send(deps, letter, earlier !== undefined));
    onProgress(results.length);
  }
  return results;
}

async function send(deps: RedriveDeps, letter: DeadLetterRecord, forced: boolean): Promise<RedriveResult> {
  const { key, value, headers } = letter.message;
  // Back to the partition it came from: there it keeps its place among the order's other
  // commands, whichever partitioner their producer used.
  const { source } = letter;
  const partition =
    source.topic === deps.commandsTopic && source.partition >= 0 ? source.partition : undefined;
  const [stored] = await deps.producer.send({
    topic: deps.commandsTopic,
    acks: -1,
    messages: [{ key, value, partition, headers: { ...headers, [REDRIVEN_FROM_HEADER]: letter.id } }],
  });
  const storedAt = stored?.partition ?? -1;
  const offset = stored?.baseOffset ?? '-1';
  // Recorded after the send: a crash in between can only lead to a second redrive, which
  // the doors deduplicate by order id and CloudEvent id.
  await deps.db.deadLetterRedrive.create({
    data: {
      id: randomUUID(),
      deadLetter: letter.id,
      orderId: letter.orderId ?? null,
      eventId: letter.eventId ?? null,
      error: letter.error,
      targetTopic: deps.commandsTopic,
      targetPartition: storedAt,
      targetOffset: BigInt(offset),
      forced,
    },
  });
  return { id: letter.id, outcome: 'redriven', partition: storedAt, offset };
}
