import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { saysRunning } from '../src/service';
import { repoRoot } from './infra/paths';

export interface RoleProcess {
  role: string;
  child: ChildProcess;
  /** Every line the process wrote, for the failure message when something goes wrong. */
  output: string[];
  /** Resolves once the process logged that its roles are running; rejects if it exits first. */
  running: Promise<void>;
  /** SIGTERM to the process group; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Process groups started here and still running. */
const runningGroups = new Set<number>();

// A process group does not end with the process that started it: whatever way this process
// exits, the groups it started and did not stop are sent SIGTERM, so none is left behind
// polling Temporal or consuming Kafka.
process.on('exit', () => {
  for (const group of runningGroups) {
    try {
      process.kill(-group, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

/**
 * Runs `command` in the project folder as its own process group, like a container's entry
 * point; `onLine` sees each line it writes. The group is stopped when this process exits.
 */
export function startRoleProcess(
  role: string,
  command: string[],
  env: NodeJS.ProcessEnv,
  onLine: (line: string) => void = () => undefined,
): RoleProcess {
  const [file, ...args] = command;
  const child = spawn(file!, args, { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) {
    const group = child.pid;
    runningGroups.add(group);
    child.once('exit', () => runningGroups.delete(group));
  }
  const output: string[] = [];
  const running = new Promise<void>((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        onLine(line);
        if (saysRunning(line)) resolve();
      });
    }
    child.once('exit', (code) =>
      reject(new Error(`${role} exited with ${code} before running:\n${output.slice(-20).join('\n')}`)),
    );
  });
  running.catch(() => undefined);
  return {
    role,
    child,
    output,
    running,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      process.kill(-child.pid!, 'SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}
