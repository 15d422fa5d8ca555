import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * How the service secures its connections to Temporal, Kafka and PostgreSQL, read from
 * the environment with the rest of the configuration (see config.ts). Unset, every
 * connection is plaintext, as the local infrastructure expects. Certificate files are
 * read once, at start, so a missing or unreadable file fails there, naming it.
 */

/** The contents of a PEM file named by the variable; an unreadable file is an issue naming it. */
const pemFile = z.string().transform((path, ctx) => {
  try {
    return readFileSync(path);
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `cannot read ${path} (${(error as NodeJS.ErrnoException).code})`,
    });
    return z.NEVER;
  }
});

const flag = z.stringbool();

const shape = {
  TEMPORAL_TLS: flag.optional(),
  TEMPORAL_TLS_CA_FILE: pemFile.optional(),
  TEMPORAL_TLS_CERT_FILE: pemFile.optional(),
  TEMPORAL_TLS_KEY_FILE: pemFile.optional(),
  TEMPORAL_TLS_SERVER_NAME: z.string().min(1).optional(),
  TEMPORAL_API_KEY: z.string().min(1).optional(),
  KAFKA_SSL: flag.optional(),
  KAFKA_SSL_CA_FILE: pemFile.optional(),
  KAFKA_SSL_CERT_FILE: pemFile.optional(),
  KAFKA_SSL_KEY_FILE: pemFile.optional(),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
};

type SecurityEnv = z.infer<z.ZodObject<typeof shape>>;
type Issue = { path: string[]; message: string };

/** Settings that only make sense together. */
function combinationIssues(e: SecurityEnv): Issue[] {
  const issues: Issue[] = [];
  const require = (when: boolean, name: keyof SecurityEnv, message: string) => {
    if (when) issues.push({ path: [name], message });
  };
  for (const [cert, key] of [
    ['TEMPORAL_TLS_CERT_FILE', 'TEMPORAL_TLS_KEY_FILE'],
    ['KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE'],
  ] as const) {
    require(!!e[cert] !== !!e[key], e[cert]
      ? key
      : cert, `a client certificate needs both ${cert} and ${key}`);
  }
  const temporalTlsSettings = !!(
    e.TEMPORAL_TLS_CA_FILE ||
    e.TEMPORAL_TLS_CERT_FILE ||
    e.TEMPORAL_TLS_SERVER_NAME ||
    e.TEMPORAL_API_KEY
  );
  require(e.TEMPORAL_TLS === false &&
    temporalTlsSettings, 'TEMPORAL_TLS', 'is false, but TLS settings or an API key (which needs TLS) are set');
  const kafkaTlsFiles = !!(e.KAFKA_SSL_CA_FILE || e.KAFKA_SSL_CERT_FILE);
  require(e.KAFKA_SSL === false &&
    kafkaTlsFiles, 'KAFKA_SSL', 'is false, but KAFKA_SSL_*_FILE settings are set');
  const sasl = e.KAFKA_SASL_MECHANISM;
  require(!!sasl && !e.KAFKA_SASL_USERNAME, 'KAFKA_SASL_USERNAME', `is required with KAFKA_SASL_MECHANISM`);
  require(!!sasl && !e.KAFKA_SASL_PASSWORD, 'KAFKA_SASL_PASSWORD', `is required with KAFKA_SASL_MECHANISM`);
  require(!sasl &&
    !!(
      e.KAFKA_SASL_USERNAME || e.KAFKA_SASL_PASSWORD
    ), 'KAFKA_SASL_MECHANISM', 'is required with KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD (plain, scram-sha-256 or scram-sha-512)');
  return issues;
}

/** TLS towards Temporal, in the shape of the SDK's TLSConfig; absent for plaintext. */
export interface TemporalTls {
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
  serverNameOverride?: string;
}

/** TLS towards Kafka (kafkajs passes it to tls.connect); absent for plaintext. */
export interface KafkaTls {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

export interface KafkaSasl {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export interface ConnectionSecurity {
  temporal: { tls?: TemporalTls; apiKey?: string };
  kafka: { tls?: KafkaTls; sasl?: KafkaSasl };
}

function build(e: SecurityEnv): ConnectionSecurity {
  const temporalTls =
    e.TEMPORAL_TLS ?? !!(e.TEMPORAL_TLS_CA_FILE || e.TEMPORAL_TLS_CERT_FILE || e.TEMPORAL_API_KEY);
  const kafkaTls = e.KAFKA_SSL ?? !!(e.KAFKA_SSL_CA_FILE || e.KAFKA_SSL_CERT_FILE);
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = e;
  return {
    temporal: {
      ...(temporalTls && {
        tls: {
          ...(e.TEMPORAL_TLS_CA_FILE && { serverRootCACertificate: e.TEMPORAL_TLS_CA_FILE }),
          ...(e.TEMPORAL_TLS_CERT_FILE &&
            e.TEMPORAL_TLS_KEY_FILE && {
              clientCertPair: { crt: e.TEMPORAL_TLS_CERT_FILE, key: e.TEMPORAL_TLS_KEY_FILE },
            }),
          ...(e.TEMPORAL_TLS_SERVER_NAME && { serverNameOverride: e.TEMPORAL_TLS_SERVER_NAME }),
        },
      }),
      ...(e.TEMPORAL_API_KEY && { apiKey: e.TEMPORAL_API_KEY }),
    },
    kafka: {
      ...(kafkaTls && {
        tls: {
          ...(e.KAFKA_SSL_CA_FILE && { ca: e.KAFKA_SSL_CA_FILE }),
          ...(e.KAFKA_SSL_CERT_FILE && { cert: e.KAFKA_SSL_CERT_FILE }),
          ...(e.KAFKA_SSL_KEY_FILE && { key: e.KAFKA_SSL_KEY_FILE }),
        },
      }),
      ...(mechanism && username && password && { sasl: { mechanism, username, password } }),
    },
  };
}

export const SECURITY_ENV_NAMES = Object.keys(shape) as (keyof SecurityEnv)[];

/** The connection security the environment asks for, or the problems with it (`variable: message`). */
export function parseConnectionSecurity(
  env: NodeJS.ProcessEnv,
): { security: ConnectionSecurity; problems: [] } | { security?: undefined; problems: string[] } {
  const parsed = z.object(shape).safeParse(env);
  const issues: Issue[] = parsed.success
    ? combinationIssues(parsed.data)
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
  if (parsed.success && issues.length === 0) return { security: build(parsed.data), problems: [] };
  return { problems: issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) };
}
