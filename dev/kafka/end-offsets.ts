import type { Kafka } from 'kafkajs';

/** The next offset to be written in every partition of the topics ("topic/partition" → offset). */
export async function topicEndOffsets(kafka: Kafka, topics: string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const perTopic = await Promise.all(
      topics.map(async (topic) =>
        (await admin.fetchTopicOffsets(topic)).map(
          (p) => [`${topic}/${p.partition}`, BigInt(p.high)] as const,
        ),
      ),
    );
    return new Map(perTopic.flat());
  } finally {
    await admin.disconnect();
  }
}
