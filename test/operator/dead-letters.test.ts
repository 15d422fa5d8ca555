import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyedPartition } from '../../src/kafka/partitions';
import { awaitOutcome } from '../../src/temporal/saga-client';
import { binaryMessage } from '../ingress/messages';
import { startKafkaStack } from '../support/kafka-stack';
import { jsonOf, runSaga } from '../support/saga-cli';
import { readTopics, type ReadMessage } from '../support/topic-reader';

interface Listed {
  id: string;
  where: 'topic' | 'postgres';
  error: string;
  source: { topic: string; partition: number; offset: string };
  orderId?: string;
  eventId?: string;
  redrivenFrom?: string;
  redrivenAt?: string;
}

let kafka: Awaited<ReturnType<typeof startKafkaStack>>;
let dlq: Awaited<ReturnType<typeof readTopics>>;
const commandsTopic = () => kafka.stack.config.kafka.topics.commands;
const saga = (...args: string[]) => runSaga(kafka.stack.config, args);

beforeAll(async () => {
  kafka = await startKafkaStack();
  dlq = await readTopics([`${commandsTopic()}.dlq`]);
});
afterAll(async () => {
  await dlq?.stop();
  await kafka?.stop();
});

const deadLettersOf = (orderId: string) => (all: ReadMessage[]) => all.filter((m) => m.key === orderId);

/** Sends a command the ingress refuses (its data fails the schema) and waits for its dead letter. */
async function deadLetterFor(orderId: string, eventId = randomUUID()) {
  const [sent] = await kafka.send(
    commandsTopic(),
    binaryMessage({ orderId, id: eventId, data: { orderId } }),
  );
  await dlq.until('the dead letter', (all) => deadLettersOf(orderId)(all).length > 0);
  return { sent: sent!, eventId };
}

// Each command is a process of its own (a few seconds each on a loaded machine).
describe('saga dlq', { timeout: 180_000 }, () => {
  it('lists a dead letter with its reason, source offset, time and order id', async () => {
    const orderId = `dlq-${randomUUID()}`;
    const { sent, eventId } = await deadLetterFor(orderId);

    const run = await saga('dlq', 'list', '--json', '--order', orderId);

    expect(run.code).toBe(0);
    const listed = jsonOf<Listed[]>(run);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      error: 'SchemaViolation',
      source: { topic: commandsTopic(), partition: sent.partition, offset: sent.baseOffset },
      orderId,
      eventId,
    });
    expect(listed[0]!.id).toMatch(new RegExp(`^${commandsTopic()}\\.dlq/\\d+/\\d+$`));
    const table = await saga('dlq', 'list', '--since', '10m');
    expect(table.stdout).toContain(orderId);
    expect(table.stdout).toContain('SchemaViolation');
  });

  it('redrives a dead letter whose cause is gone to its source partition with its CloudEvent id, and refuses to redrive it twice', async () => {
    const order = kafka.catalog.order();
    const eventId = randomUUID();
    // A valid order set aside earlier, as if by a door that refused it then: now it goes through.
    const { headers, ...message } = binaryMessage({ orderId: order.orderId, id: eventId, data: order });
    // Set aside from another partition than its key picks: the redrive returns it there.
    const partitions = kafka.stack.config.kafka.partitions;
    const source = (keyedPartition(commandsTopic(), partitions, message) + 1) % partitions;
    await kafka.send(`${commandsTopic()}.dlq`, {
      ...message,
      headers: {
        ...headers,
        'dlq-error': 'UnsupportedSchemaVersion',
        'dlq-error-message': 'set aside before this version was accepted',
        'dlq-source-topic': commandsTopic(),
        'dlq-source-partition': String(source),
        'dlq-source-offset': '0',
        'dlq-time': new Date().toISOString(),
      },
    });
    const [letter] = jsonOf<Listed[]>(await saga('dlq', 'list', '--json', '--order', order.orderId));

    const dryRun = await saga('dlq', 'redrive', letter!.id, '--dry-run', '--json');
    expect(jsonOf(dryRun)).toEqual([{ id: letter!.id, outcome: 'would-redrive' }]);
    const redriven = await saga('dlq', 'redrive', '--order', order.orderId, '--json');

    expect(redriven.code).toBe(0);
    expect(jsonOf(redriven)).toEqual([
      expect.objectContaining({ id: letter!.id, outcome: 'redriven', partition: source }),
    ]);
    expect((await awaitOutcome(kafka.stack.client, order.orderId)).status).toBe('COMPLETED');
    const placed = await kafka.stack.context.db.outboxEvent.findFirstOrThrow({
      where: { aggregateId: order.orderId, eventType: 'inventory.stock.reserved' },
    });
    expect(placed.payload).toMatchObject({ causationid: eventId });
    const record = await kafka.stack.context.db.deadLetterRedrive.findMany({
      where: { deadLetter: letter!.id },
    });
    expect(record).toEqual([expect.objectContaining({ orderId: order.orderId, eventId, forced: false })]);

    const again = await saga('dlq', 'redrive', letter!.id);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('already redriven');
    expect(again.stdout).toContain('--force');
    expect(await kafka.stack.context.db.deadLetterRedrive.count({ where: { deadLetter: letter!.id } })).toBe(
      1,
    );
  });

  it('sends a redriven message that fails again to the dead-letter topic once more, not back to the commands topic', async () => {
    const orderId = `dlq-again-${randomUUID()}`;
    await deadLetterFor(orderId);
    const [first] = jsonOf<Listed[]>(await saga('dlq', 'list', '--json', '--order', orderId));

    expect((await saga('dlq', 'redrive', first!.id)).code).toBe(0);

    const letters = await dlq.until(
      'the second dead letter',
      (all) => deadLettersOf(orderId)(all).length === 2,
    );
    const second = deadLettersOf(orderId)(letters)[1]!;
    expect(second.headers['dlq-redriven-from']).toBe(first!.id);
    expect(second.headers['dlq-error']).toBe('SchemaViolation');
    const listed = jsonOf<Listed[]>(await saga('dlq', 'list', '--json', '--order', orderId));
    expect(listed.map((l) => [l.redrivenAt !== undefined, l.redrivenFrom])).toEqual([
      [true, undefined],
      [false, first!.id],
    ]);
  });

  it('lists and redrives a dead letter PostgreSQL kept because the dead-letter topic would not take it', async () => {
    const order = kafka.catalog.order();
    const eventId = randomUUID();
    const { key, value, headers } = binaryMessage({ orderId: order.orderId, id: eventId, data: order });
    const offset = BigInt(Date.now());
    await kafka.stack.context.db.undeliverableDeadLetter.create({
      data: {
        sourceTopic: commandsTopic(),
        sourcePartition: 0,
        sourceOffset: offset,
        key: Buffer.from(String(key)),
        value: Buffer.from(String(value)),
        headers: { ...(headers as Record<string, string>), 'dlq-error': 'OrderConflict' },
        error: 'OrderConflict',
        errorMessage: 'set aside while the first order stood',
        deliveryError: 'the dead-letter topic did not exist',
      },
    });
    const id = `postgres:${commandsTopic()}/0/${offset}`;

    const [listed] = jsonOf<Listed[]>(await saga('dlq', 'list', '--json', '--order', order.orderId));
    expect(listed).toMatchObject({ id, where: 'postgres', error: 'OrderConflict', eventId });
    expect((await saga('dlq', 'redrive', id)).code).toBe(0);

    expect((await awaitOutcome(kafka.stack.client, order.orderId)).status).toBe('COMPLETED');
  });

  it('answers a redrive without a selector with a usage error', async () => {
    const run = await saga('dlq', 'redrive');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--all');
  });
});
