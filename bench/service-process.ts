import { configEnv } from '../dev/config-env';
import { freePort } from '../dev/free-port';
import type { Config } from '../src/config';
import type { StopFunction } from '../src/roles/role';
import { startRoleProcess } from '../dev/role-process';

export interface ServiceUnderTest {
  /** The service's own process, for its CPU and memory figures. */
  pid: number;
  stop: StopFunction;
}

/**
 * The service's worker, ingress and relay in a process of their own, started as a
 * container starts them (`src/main.ts --role …`), so the load generator's CPU is not
 * counted as the service's. It logs at `info` as in production; its lines are
 * shown only when `echo` is set. Resolves once the process says it is running.
 */
export async function startServiceProcess(config: Config, echo: boolean): Promise<ServiceUnderTest> {
  const healthPort = await freePort();
  const env = {
    ...configEnv(config),
    HTTP_PORT: String(healthPort),
    LOG_LEVEL: 'info',
  };
  // e.g. `--cpu-prof --cpu-prof-dir=bench/results` to profile the service alone.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const service = startRoleProcess(
    'service',
    [process.execPath, ...nodeArgs, '--import', 'tsx', 'src/main.ts', '--role', 'worker,ingress,relay'],
    { ...process.env, ...env },
    echo ? (line) => console.log(line) : undefined,
  );
  await service.running;
  return { pid: service.child.pid!, stop: async () => void (await service.stop()) };
}
