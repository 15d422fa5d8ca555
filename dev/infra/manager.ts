import type { Config } from '../../src/config';
import { parseHostPort } from './host-port';
import { kafkaService } from './kafka';
import { postgresService } from './postgres';
import {
  InfraError,
  isAlive,
  isPortOpen,
  logFile,
  readPid,
  startDaemon,
  stopDaemon,
  waitUntilReady,
} from './processes';
import type { LocalService } from './service';
import { temporalService } from './temporal';

export const services: LocalService[] = [postgresService, kafkaService, temporalService];

export type ServiceState = 'external' | 'started' | 'reused' | 'running' | 'stopped' | 'not running';

export interface ServiceReport {
  name: string;
  state: ServiceState;
  address: string;
  log?: string;
  pid?: number;
  answering?: boolean;
}

const EXTERNAL_PROBE_TIMEOUT_MS = 30_000;

async function answers(service: LocalService, config: Config): Promise<boolean> {
  return service.probe(config).then(
    () => true,
    () => false,
  );
}

/** Brings one service up, or reuses it when it already answers; then prepares it for the project. */
export async function up(service: LocalService, config: Config): Promise<ServiceReport> {
  const address = service.address(config);
  if (service.external(process.env)) {
    await waitUntilReady(`${service.name} at ${address}`, () => service.probe(config), {
      timeoutMs: EXTERNAL_PROBE_TIMEOUT_MS,
    });
    await service.prepare(config);
    return { name: service.name, state: 'external', address };
  }
  const pid = readPid(service.dir);
  let state: ServiceState = 'reused';
  if (isAlive(pid)) {
    await waitUntilReady(service.name, () => service.probe(config), {
      timeoutMs: service.startTimeoutMs,
      dir: service.dir,
      pid,
    });
  } else if (!(await answers(service, config))) {
    const { host, port } = parseHostPort(address, 0);
    if (await isPortOpen(host, port)) {
      throw new InfraError(
        `${service.name}: ${address} is taken by a process that is not a usable ${service.name}; ` +
          'stop it or point the matching environment variable at your own instance',
      );
    }
    service.install();
    await service.init?.(config);
    const started = startDaemon(service.daemon(config));
    await waitUntilReady(service.name, () => service.probe(config), {
      timeoutMs: service.startTimeoutMs,
      dir: service.dir,
      pid: started,
    });
    state = 'started';
  }
  await service.prepare(config);
  return { name: service.name, state, address, log: logFile(service.dir), pid: readPid(service.dir) };
}

export async function upAll(config: Config): Promise<ServiceReport[]> {
  // Sequential on purpose: on two cores, three JVM/Go/C servers starting at once slow each other down.
  const reports: ServiceReport[] = [];
  for (const service of services) reports.push(await up(service, config));
  return reports;
}

export async function downAll(): Promise<ServiceReport[]> {
  const reports: ServiceReport[] = [];
  for (const service of [...services].reverse()) {
    const stopped = await stopDaemon(service.dir, service.stopSignal);
    reports.push({ name: service.name, state: stopped ? 'stopped' : 'not running', address: '' });
  }
  return reports;
}

export async function statusAll(config: Config): Promise<ServiceReport[]> {
  return Promise.all(
    services.map(async (service) => {
      const address = service.address(config);
      const running = await answers(service, config);
      const state: ServiceState = service.external(process.env)
        ? 'external'
        : running
          ? 'running'
          : 'not running';
      return {
        name: service.name,
        state,
        address,
        answering: running,
        log: logFile(service.dir),
        pid: readPid(service.dir),
      };
    }),
  );
}

export function installAll(): void {
  for (const service of services) if (!service.external(process.env)) service.install();
}
