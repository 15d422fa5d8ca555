import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether `pid` is gone within `ms`; the process is not our child, so there is no event to await. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('a role process started by a script', () => {
  it('is stopped when the script exits without stopping it', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      'test/fixtures/role-process-parent.ts',
    ]);
    const pid = Number(stdout.trim());
    expect(pid).toBeGreaterThan(0);
    try {
      expect(await goneWithin(pid, 5_000)).toBe(true);
    } finally {
      if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });
});
