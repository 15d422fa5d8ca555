import { getConfig } from './config';
import { externalServers } from './dependencies';
import { createLogger } from './logger';
import { parseRoles, UsageError } from './roles/role';
import { runService } from './service';

/**
 * The service's entry point, as containers run it: `--role worker,api` (all roles when
 * none is given) against the servers the configuration names, which it prepares first.
 */
try {
  const config = getConfig();
  await runService(config, createLogger(config.logLevel), parseRoles(process.argv.slice(2)), externalServers);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
}
