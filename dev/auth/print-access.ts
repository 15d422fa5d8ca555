import type { Config } from '../../src/config';
import { tokenFor } from './dev-token';

/** How to call the local REST API: a ready token with every scope and a curl that works. */
export async function printAccess(config: Config, orderId = '<orderId>'): Promise<void> {
  const api = `http://127.0.0.1:${config.http.port}`;
  if (config.auth.mode === 'none') {
    console.log(`REST API ${api} (authentication is off: AUTH_MODE=none)\n`);
    return;
  }
  if (config.auth.mode !== 'secret') {
    console.log(`REST API ${api}: send a bearer token from your identity provider (AUTH_JWKS_URL).\n`);
    return;
  }
  const token = await tokenFor(config);
  console.log(
    [
      `REST API ${api}. A token with every scope, valid 12 hours (more: npm run token -- orders:read):`,
      `  export TOKEN=${token}`,
      `  curl -s -H "Authorization: Bearer $TOKEN" ${api}/orders/${orderId}`,
      '',
    ].join('\n'),
  );
}
