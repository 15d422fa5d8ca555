import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { configEnv } from '../dev/config-env';
import { freePort } from '../dev/free-port';
import { repoRoot } from '../dev/infra/paths';
import type { Config } from '../src/config';
import type { StopFunction } from '../src/roles/role';
import { saysRunning } from '../src/service';

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
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', 'src/main.ts', '--role', 'worker,ingress,relay'],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const tail: string[] = [];
  const lines = createInterface({ input: child.stdout });
  await new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (saysRunning(line)) resolve();
      else if (echo) console.log(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`the service exited with ${code} during start-up:\n${tail.join('\n')}`)),
    );
  });
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
