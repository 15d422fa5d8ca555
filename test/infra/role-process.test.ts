import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../dev/infra/processes';
import { waitFor } from '../support/wait-for';

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
      // The process is not this test's child: there is no exit event to await.
      await waitFor(`role process ${pid} to be stopped`, () => !isAlive(pid), 5_000);
    } finally {
      if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
    }
  });
});
