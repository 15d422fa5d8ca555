import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

type Alg = 'RS256' | 'ES256';

export interface SigningKey {
  kid: string;
  sign(payload: JWTPayload, expiresIn?: string): Promise<string>;
}

/** An identity provider's JWKS endpoint on a local port, serving whichever keys it currently publishes. */
export interface JwksServer {
  url: string;
  /** A new key pair; `publish` puts its public key into the JWKS. */
  newKey(alg: Alg): Promise<SigningKey & { publish(): void }>;
  /** Publishes exactly these keys from now on (a rotation). */
  publishOnly(...keys: SigningKey[]): void;
  requests(): number;
  stop(): Promise<void>;
}

export async function startJwksServer(): Promise<JwksServer> {
  const publicKeys = new Map<string, object>();
  let published: object[] = [];
  let requests = 0;
  const server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  let counter = 0;
  const jwks: JwksServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    async newKey(alg) {
      const kid = `key-${++counter}`;
      const { publicKey, privateKey } = await generateKeyPair(alg);
      publicKeys.set(kid, { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' });
      const key: SigningKey = {
        kid,
        sign: (payload, expiresIn = '5m') =>
          new SignJWT(payload)
            .setProtectedHeader({ alg, kid })
            .setIssuedAt()
            .setExpirationTime(expiresIn)
            .sign(privateKey),
      };
      return { ...key, publish: () => void published.push(publicKeys.get(kid)!) };
    },
    publishOnly(...keys) {
      published = keys.map((key) => publicKeys.get(key.kid)!);
    },
    requests: () => requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return jwks;
}
