import type { Dependencies } from '../../src/dependencies';
import { upAll } from './manager';

/**
 * Starts whatever local server is not pointed elsewhere by the environment, waits until
 * each answers, and prepares all of them (schema, topics, search attributes).
 */
export const localServers: Dependencies = {
  async prepare(config) {
    await upAll(config);
  },
};
