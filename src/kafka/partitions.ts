import { Partitioners, type Admin, type Message } from 'kafkajs';

/** How many partitions a topic has. */
export type PartitionCount = (topic: string) => Promise<number>;

const REFRESH_MS = 60_000;

/** Partition counts from the cluster's metadata, cached for a minute per topic. */
export function partitionCountsFrom(admin: Pick<Admin, 'fetchTopicMetadata'>): PartitionCount {
  const cache = new Map<string, { count: number; at: number }>();
  return async (topic) => {
    const cached = cache.get(topic);
    if (cached && Date.now() - cached.at < REFRESH_MS) return cached.count;
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = topics[0]?.partitions.length ?? 0;
    if (count === 0) throw new Error(`topic ${topic} has no partitions`);
    cache.set(topic, { count, at: Date.now() });
    return count;
  };
}

// One partitioner for the process: creating one draws a random seed (for unkeyed messages),
// which cost more than hashing the key when the relay made one per message.
const defaultPartitioner = Partitioners.DefaultPartitioner();

/**
 * The partition Kafka's default partitioner (murmur2 of the key, as Java clients) picks for
 * a keyed message. Setting it on the message before sending lets the sender know where
 * each message went, and so its offset, from the per-partition base offsets Kafka returns.
 */
export function keyedPartition(topic: string, count: number, message: Message): number {
  const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    replicas: [0],
    isr: [0],
    partitionErrorCode: 0,
  }));
  return defaultPartitioner({ topic, partitionMetadata, message });
}
