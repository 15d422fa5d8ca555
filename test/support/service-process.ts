import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { repoRoot } from '../../dev/infra/paths';
import type { Config } from '../../src/config';
import type { Role } from '../../src/roles/role';
import { waitFor } from './wait-for';
import { configEnv } from '../../dev/config-env';
import { saysRunning } from '../../src/service';

export interface ServiceProcess {
  role: Role;
  child: ChildProcess;
  /** Everything the process wrote, for a failing test's message. */
  output(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/**
 * `src/main.ts --role <role>` as a real process of its own, as a container runs it;
 * resolves once the process says it is running.
 */
export async function startServiceProcess(role: Role, config: Config): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role', role], {
    cwd: repoRoot,
    env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const service: ServiceProcess = {
    role,
    child,
    output: () => output,
    alive,
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
  await waitFor(
    `the ${role} process to run`,
    () => {
      if (!alive()) throw new Error(`the ${role} process exited during start-up:\n${output}`);
      return saysRunning(output);
    },
    120_000,
  );
  return service;
}
