import type { ChildProcess } from 'node:child_process';
import { configEnv } from '../../dev/config-env';
import { startRoleProcess } from '../../dev/role-process';
import type { Config } from '../../src/config';
import type { Role } from '../../src/roles/role';

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
  const started = startRoleProcess(
    role,
    [process.execPath, '--import', 'tsx', 'src/main.ts', '--role', role],
    {
      ...process.env,
      ...configEnv(config),
      LOG_LEVEL: 'info',
    },
  );
  await started.running;
  const { child } = started;
  return {
    role,
    child,
    output: () => started.output.join('\n'),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => void (await started.stop()),
  };
}
