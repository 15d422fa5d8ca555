import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import type { Config } from '../../src/config';
import { kafkaSecurityOptions } from '../../src/kafka/client';
import { ensureTopics } from '../../src/kafka/topics';
import { parseHostPort } from './host-port';
import { cacheDir, repoRoot, serviceDir } from './paths';
import { InfraError, runToCompletion } from './processes';
import type { LocalService } from './service';

const pom = join(repoRoot, 'dev', 'infra', 'kafka', 'pom.xml');
const dir = serviceDir('kafka');

export function kafkaVersion(): string {
  const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(pom, 'utf8'))?.[1];
  if (!version) throw new InfraError(`${pom} does not set kafka.version`);
  return version;
}

/** The broker's jars, resolved from Maven Central once by the pom kept in the project. */
export function resolveKafkaLibs(): string {
  const libs = join(cacheDir, `kafka-${kafkaVersion()}`, 'libs');
  const complete = join(libs, '.complete');
  if (existsSync(complete)) return libs;
  console.log(`Fetching Apache Kafka ${kafkaVersion()} from Maven Central into ${libs}.`);
  runToCompletion('Kafka download', 'mvn', [
    '-q',
    '-B',
    '-f',
    pom,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  if (!readdirSync(libs).some((file) => file.startsWith('kafka_2.13'))) {
    throw new InfraError(`Kafka download finished but ${libs} holds no broker jar`);
  }
  writeFileSync(complete, new Date().toISOString());
  return libs;
}

function java(libs: string, mainClass: string, args: string[]): [string, string[]] {
  return [
    'java',
    [
      '-Xms128m',
      '-Xmx512m',
      `-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`,
      '-cp',
      `${libs}/*`,
      mainClass,
      ...args,
    ],
  ];
}

function writeBrokerFiles(config: Config) {
  mkdirSync(dir, { recursive: true });
  const { host, port } = parseHostPort(config.kafka.brokers.join(','), 9092);
  const properties = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@${host}:${port + 1}`,
    listeners: `PLAINTEXT://${host}:${port},CONTROLLER://${host}:${port + 1}`,
    'advertised.listeners': `PLAINTEXT://${host}:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': join(dir, 'data'),
    'num.partitions': String(config.kafka.partitions),
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '3',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
  };
  const text = Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  writeFileSync(join(dir, 'server.properties'), `${text}\n`);
  writeFileSync(
    join(dir, 'log4j.properties'),
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.logger.kafka.server.KafkaRaftServer=INFO',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
}

/**
 * A random cluster id as Kafka draws them (16 bytes, base64url), redrawn when it begins
 * with `-`, which the storage tool would read as an option.
 */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

export function kafkaAdmin(config: Config) {
  return new Kafka({
    clientId: `${config.kafka.clientId}-admin`,
    brokers: config.kafka.brokers,
    ...kafkaSecurityOptions(config),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    retry: { retries: 0 },
  }).admin();
}

/** Ready means: a metadata request is answered and the cluster has a controller. */
async function probe(config: Config): Promise<void> {
  const admin = kafkaAdmin(config);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0) throw new Error('no broker registered yet');
  } finally {
    await admin.disconnect();
  }
}

async function prepare(config: Config): Promise<void> {
  const admin = kafkaAdmin(config);
  try {
    await admin.connect();
    await ensureTopics(admin, config);
  } finally {
    await admin.disconnect();
  }
}

export const kafkaService: LocalService = {
  name: 'Kafka',
  dir,
  external: (env) => env.KAFKA_BROKERS !== undefined,
  address: (config) => config.kafka.brokers.join(','),
  startTimeoutMs: 90_000,
  install: () => void resolveKafkaLibs(),
  init(config) {
    writeBrokerFiles(config);
    if (existsSync(join(dir, 'data', 'meta.properties'))) return;
    const [command, args] = java(resolveKafkaLibs(), 'kafka.tools.StorageTool', [
      'format',
      '-t',
      newClusterId(),
      '-c',
      join(dir, 'server.properties'),
    ]);
    runToCompletion('Kafka storage format', command, args, { stdio: 'pipe' });
  },
  daemon() {
    const [command, args] = java(resolveKafkaLibs(), 'kafka.Kafka', [join(dir, 'server.properties')]);
    return { name: 'Kafka', dir, command, args };
  },
  probe,
  prepare,
};
