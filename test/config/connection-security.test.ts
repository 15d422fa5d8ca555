import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, ENV_NAMES, getConfig } from '../../src/config';
import { kafkaSecurityOptions } from '../../src/kafka/client';
import { temporalConnectionOptions } from '../../src/temporal/connection-options';

const dir = mkdtempSync(join(tmpdir(), 'saga-config-pem-'));
/** A file with recognisable content standing in for a PEM file. */
function pem(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `-----BEGIN ${name}-----\n`);
  return path;
}
const [ca, cert, key] = [pem('ca.pem'), pem('cert.pem'), pem('key.pem')];
const contentOf = (name: string) => Buffer.from(`-----BEGIN ${name}-----\n`);
const missing = join(dir, 'missing.pem');

function expectConfigError(env: NodeJS.ProcessEnv, ...mentions: (string | RegExp)[]): void {
  expect(() => getConfig(env)).toThrow(ConfigError);
  for (const mention of mentions) expect(() => getConfig(env)).toThrow(mention);
}

describe('connection security from the environment', () => {
  it('is plaintext everywhere when nothing is set, as the local infrastructure expects', () => {
    const config = getConfig({});
    expect(temporalConnectionOptions(config.temporal)).toEqual({ address: '127.0.0.1:7233', tls: false });
    expect(kafkaSecurityOptions(config)).toEqual({ ssl: false });
  });

  it('reads every new variable as one getConfig reads', () => {
    for (const name of ['TEMPORAL_TLS', 'TEMPORAL_API_KEY', 'KAFKA_SSL', 'KAFKA_SASL_MECHANISM']) {
      expect(ENV_NAMES).toContain(name);
    }
  });

  it('gives Temporal TLS with the CA, the client certificate for mTLS and the server name', () => {
    const env = {
      TEMPORAL_TLS_CA_FILE: ca,
      TEMPORAL_TLS_CERT_FILE: cert,
      TEMPORAL_TLS_KEY_FILE: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
    };
    expect(temporalConnectionOptions(getConfig(env).temporal)).toEqual({
      address: '127.0.0.1:7233',
      tls: {
        serverRootCACertificate: contentOf('ca.pem'),
        clientCertPair: { crt: contentOf('cert.pem'), key: contentOf('key.pem') },
        serverNameOverride: 'temporal.internal',
      },
    });
  });

  it('turns TLS on for a Temporal API key, as Temporal Cloud needs, and on for TEMPORAL_TLS=true alone', () => {
    const withKey = getConfig({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'secret-key',
    });
    expect(temporalConnectionOptions(withKey.temporal)).toEqual({
      address: 'ns.acct.tmprl.cloud:7233',
      tls: {},
      apiKey: 'secret-key',
    });
    expect(temporalConnectionOptions(getConfig({ TEMPORAL_TLS: 'true' }).temporal).tls).toEqual({});
  });

  it('gives kafkajs TLS with the CA and client certificate, and SASL with the mechanism and credentials', () => {
    const env = {
      KAFKA_SSL_CA_FILE: ca,
      KAFKA_SSL_CERT_FILE: cert,
      KAFKA_SSL_KEY_FILE: key,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'saga',
      KAFKA_SASL_PASSWORD: 'pw',
    };
    expect(kafkaSecurityOptions(getConfig(env))).toEqual({
      ssl: { ca: contentOf('ca.pem'), cert: contentOf('cert.pem'), key: contentOf('key.pem') },
      sasl: { mechanism: 'scram-sha-512', username: 'saga', password: 'pw' },
    });
  });

  it('gives kafkajs plain TLS for KAFKA_SSL=true, and SASL PLAIN or SCRAM-SHA-256 without TLS if asked', () => {
    expect(kafkaSecurityOptions(getConfig({ KAFKA_SSL: 'true' }))).toEqual({ ssl: true });
    for (const mechanism of ['plain', 'scram-sha-256']) {
      const env = { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' };
      expect(kafkaSecurityOptions(getConfig(env))).toEqual({
        ssl: false,
        sasl: { mechanism, username: 'u', password: 'p' },
      });
    }
  });

  it('fails naming the variable and the file when a certificate file cannot be read', () => {
    expectConfigError({ KAFKA_SSL_CA_FILE: missing }, 'KAFKA_SSL_CA_FILE', missing, 'ENOENT');
    expectConfigError({ TEMPORAL_TLS_CA_FILE: missing }, 'TEMPORAL_TLS_CA_FILE', missing);
    expectConfigError(
      { TEMPORAL_TLS_CERT_FILE: cert, TEMPORAL_TLS_KEY_FILE: dir },
      'TEMPORAL_TLS_KEY_FILE',
      'EISDIR',
    );
  });

  it('fails on settings that only work together or contradict each other', () => {
    expectConfigError({ KAFKA_SSL_CERT_FILE: cert }, 'KAFKA_SSL_KEY_FILE');
    expectConfigError({ TEMPORAL_TLS_KEY_FILE: key }, 'TEMPORAL_TLS_CERT_FILE');
    expectConfigError({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' }, 'TEMPORAL_TLS');
    expectConfigError({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: ca }, 'KAFKA_SSL');
    expectConfigError({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' }, 'KAFKA_SASL_PASSWORD');
    expectConfigError({ KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' }, 'KAFKA_SASL_MECHANISM');
    expectConfigError(
      { KAFKA_SASL_MECHANISM: 'gssapi', KAFKA_SASL_USERNAME: 'u', KAFKA_SASL_PASSWORD: 'p' },
      'KAFKA_SASL_MECHANISM',
    );
    expectConfigError({ KAFKA_SSL: 'maybe' }, 'KAFKA_SSL');
  });

  it('checks the TLS settings of DATABASE_URL: a known sslmode and readable certificate files', () => {
    const url = 'postgresql://saga:saga@db.internal:5432/saga';
    expect(getConfig({ DATABASE_URL: `${url}?sslmode=verify-full&sslrootcert=${ca}` }).databaseUrl).toContain(
      'sslmode=verify-full',
    );
    expectConfigError({ DATABASE_URL: `${url}?sslmode=required` }, 'DATABASE_URL', 'sslmode=required');
    expectConfigError(
      { DATABASE_URL: `${url}?sslmode=verify-full&sslrootcert=${missing}` },
      'sslrootcert',
      missing,
    );
    expectConfigError({ DATABASE_URL: `${url}?sslcert=${cert}&sslkey=${missing}` }, 'sslkey', missing);
  });
});
