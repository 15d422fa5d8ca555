import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export class InfraError extends Error {
  override name = 'InfraError';
}

export interface DaemonSpec {
  name: string;
  dir: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const pidFile = (dir: string) => join(dir, 'pid');
export const logFile = (dir: string) => join(dir, 'service.log');

/** Starts a long-running service detached from this process, output appended to its log file. */
export function startDaemon(spec: DaemonSpec): number {
  mkdirSync(spec.dir, { recursive: true });
  const out = openSync(logFile(spec.dir), 'a');
  const child = spawn(spec.command, spec.args, {
    cwd: spec.dir,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...spec.env },
  });
  closeSync(out);
  if (child.pid === undefined) throw new InfraError(`${spec.name} could not be started (${spec.command})`);
  child.unref();
  writeFileSync(pidFile(spec.dir), String(child.pid));
  return child.pid;
}

export function readPid(dir: string): number | undefined {
  if (!existsSync(pidFile(dir))) return undefined;
  const pid = Number(readFileSync(pidFile(dir), 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number | undefined): pid is number {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Stops the service's whole process group: TERM first, KILL if it is still there after the grace period. */
export async function stopDaemon(
  dir: string,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 20_000,
): Promise<boolean> {
  const pid = readPid(dir);
  if (!isAlive(pid)) {
    rmSync(pidFile(dir), { force: true });
    return false;
  }
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      process.kill(pid, signal);
    }
  };
  signalGroup(signal);
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) signalGroup('SIGKILL');
  rmSync(pidFile(dir), { force: true });
  return true;
}

export function isPortOpen(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolvePort) => {
    const socket = createConnection({ host, port });
    const done = (open: boolean) => {
      socket.destroy();
      resolvePort(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function tailOf(file: string, lines = 15): string {
  if (!existsSync(file)) return '(no log yet)';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Polls `probe` until it succeeds. Fails early when the service's process died, and
 * in both failure cases names the service and its log file.
 */
export async function waitUntilReady(
  name: string,
  probe: () => Promise<unknown>,
  options: { timeoutMs: number; dir?: string; pid?: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  const where = options.dir ? `; see its log ${logFile(options.dir)}` : '';
  while (Date.now() < deadline) {
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
    }
    if (options.pid !== undefined && !isAlive(options.pid)) {
      const tail = options.dir ? `\n${tailOf(logFile(options.dir))}` : '';
      throw new InfraError(`${name} exited during start-up${where}${tail}`);
    }
    await sleep(250);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new InfraError(`${name} did not answer within ${options.timeoutMs / 1000}s (${reason})${where}`);
}

/** Runs a setup command to completion (a build, a download), failing with its output. */
export function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: SpawnSyncOptions = {},
) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new InfraError(`${name}: could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    // Output that was captured instead of shown explains the failure; keep its end.
    const output = [result.stdout, result.stderr]
      .map((stream) => stream?.toString().trim())
      .filter(Boolean)
      .join('\n');
    const tail = output ? `:\n${output.split('\n').slice(-20).join('\n')}` : '';
    throw new InfraError(`${name}: ${command} ${args.join(' ')} exited with ${result.status}${tail}`);
  }
  return result;
}
