import type { Admin, Kafka, KafkaMessage } from 'kafkajs';

const IDLE_MS = 30_000;

export interface PartitionRange {
  partition: number;
  /** First offset to read. */
  start: bigint;
  /** The partition's end when reading began: reading stops there. */
  end: bigint;
}

/**
 * Reads the given offset ranges of a topic once, with a throwaway consumer group that is
 * deleted afterwards (kafkajs has no group-less consumer), and maps every message read.
 */
export async function readPartitions<T>(
  deps: { kafka: Kafka; admin: Admin; groupId: string },
  topic: string,
  ranges: PartitionRange[],
  map: (message: KafkaMessage, partition: number) => T,
  onProgress: (read: number, total: number) => void,
): Promise<T[]> {
  if (ranges.length === 0) return [];
  const total = ranges.reduce((sum, r) => sum + Number(r.end - r.start), 0);
  const byPartition = new Map(ranges.map((r) => [r.partition, r]));
  const remaining = new Set(ranges.map((r) => r.partition));
  const read: T[] = [];
  const consumer = deps.kafka.consumer({ groupId: deps.groupId, maxWaitTimeInMs: 100 });
  let finish: () => void = () => undefined;
  let stall: (error: Error) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    stall = reject;
  });
  // Offsets below a partition's end can be missing (compaction, transaction markers): a
  // read that gets nothing for this long fails instead of waiting forever.
  let idle: NodeJS.Timeout | undefined;
  const watch = () => {
    clearTimeout(idle);
    idle = setTimeout(
      () => stall(new Error(`reading ${topic} received nothing for ${IDLE_MS / 1000} s`)),
      IDLE_MS,
    );
  };
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const range = byPartition.get(partition);
        const offset = BigInt(message.offset);
        watch();
        if (!range || offset < range.start || offset >= range.end) return;
        read.push(map(message, partition));
        onProgress(read.length, total);
        if (offset + 1n >= range.end) remaining.delete(partition);
        if (remaining.size === 0) finish();
      },
    });
    for (const range of ranges)
      consumer.seek({ topic, partition: range.partition, offset: String(range.start) });
    await finished;
  } finally {
    await consumer.disconnect();
    await deps.admin.deleteGroups([deps.groupId]).catch(() => undefined);
  }
  return read;
}
