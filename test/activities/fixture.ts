import { randomUUID } from 'node:crypto';
import { createActivities } from '../../activities';
import { seedDatabase } from '../../dev/seed';
import { getConfig } from '../../src/config';
import { createDatabase } from '../../src/db/prisma';

/** The real activities over the real database, with the default topics. */
const config = getConfig();
export const topics = config.kafka.topics;
export const db = createDatabase(config.databaseUrl, { max: 20 });
export const activities = createActivities({ db, topics });

/** Plentiful stock of this test file alone: repeated runs never drain the seeded products. */
export const testSku = `test-sku-${randomUUID()}`;
export const TEST_SKU_PRICE = 499;

export async function setUp(): Promise<void> {
  await seedDatabase(db);
  await db.product.create({
    data: { sku: testSku, name: 'Test product', onHand: 1_000_000, price: TEST_SKU_PRICE, currency: 'EUR' },
  });
}
