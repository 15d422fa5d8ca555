import { parseArgs } from 'node:util';
import { ALL_SCOPES, type Scope } from '../../src/api/auth/scopes';
import { getConfig } from '../../src/config';
import { withDevAuth } from './dev-secret';
import { tokenFor } from './dev-token';

/**
 * `npm run token -- [scope …] [--subject name] [--expires 1h]`: prints a token for the
 * local service (AUTH_JWT_SECRET, else the local development secret); all scopes when none
 * is named.
 */
try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { subject: { type: 'string' }, expires: { type: 'string', default: '12h' } },
  });
  const unknown = positionals.filter((scope) => !(ALL_SCOPES as string[]).includes(scope));
  if (unknown.length > 0)
    throw new Error(`Unknown scope ${unknown.join(', ')}; scopes are ${ALL_SCOPES.join(', ')}`);
  const scopes = positionals.length > 0 ? (positionals as Scope[]) : ALL_SCOPES;
  const options = { scopes, expiresIn: values.expires, ...(values.subject && { subject: values.subject }) };
  console.log(await tokenFor(withDevAuth(getConfig()), options));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
