import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../../src/config';
import { localDir } from '../infra/paths';
import { newSecret } from './dev-token';

/** The local development secret: made on the first start, kept in the ignored local folder. */
export function devSecret(dir = join(localDir, 'auth')): string {
  const file = join(dir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = newSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The configuration, checking tokens with the local development secret unless authentication is configured. */
export function withDevAuth(config: Config, dir?: string): Config {
  if (config.auth.mode !== 'unconfigured') return config;
  return { ...config, auth: { mode: 'secret', secret: devSecret(dir) } };
}
