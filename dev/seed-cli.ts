import { getConfig } from '../src/config';
import { createDatabase } from '../src/db/prisma';
import { SEED_CUSTOMERS, SEED_PRODUCTS, seedDatabase } from './seed';

const db = createDatabase(getConfig().databaseUrl);
try {
  await seedDatabase(db);
  console.log(`Seeded ${SEED_PRODUCTS.length} products and ${SEED_CUSTOMERS.length} customers.`);
} finally {
  await db.$disconnect();
}
