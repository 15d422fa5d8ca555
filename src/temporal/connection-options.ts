import type { Config } from '../config';

/**
 * How every connection to Temporal is opened, the client's Connection and the worker's
 * NativeConnection alike: the address, TLS (with the CA, client certificate and server
 * name configured) and the API key, which Temporal Cloud sends as a bearer token.
 */
export function temporalConnectionOptions({ address, tls, apiKey }: Config['temporal']) {
  return { address, tls: tls ?? false, ...(apiKey && { apiKey }) };
}
