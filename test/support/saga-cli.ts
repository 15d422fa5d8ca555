import { spawn } from 'node:child_process';
import { repoRoot } from '../../dev/infra/paths';
import type { Config } from '../../src/config';
import { configEnv } from '../../dev/config-env';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the operator CLI as an operator would (`bin/saga.js`, what `npx saga` starts) with
 * this configuration. Asynchronous, so the service roles running in the test process keep
 * working while it runs.
 */
export function runSaga(
  config: Config,
  args: string[],
  command = [process.execPath, 'bin/saga.js'],
): Promise<CliRun> {
  const [file, ...prefix] = command;
  const child = spawn(file!, [...prefix, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...configEnv(config), LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The CLI's `--json` answer, failing with what it printed when it is not JSON. */
export function jsonOf<T>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`saga printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}
