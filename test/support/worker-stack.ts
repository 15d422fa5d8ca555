import { e2eConfig, roles, startStack } from './stack';
import { createTestCatalog } from './test-orders';

/** A private copy of the worker and the relay (no doors), with a catalog of its own. */
export async function startWorkerStack() {
  const stack = await startStack(await e2eConfig());
  const catalog = await createTestCatalog(stack.context.db);
  await stack.start(roles.relay);
  await stack.start(roles.worker);
  return { stack, catalog };
}
