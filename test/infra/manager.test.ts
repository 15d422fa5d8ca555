import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InfraError, startDaemon, waitUntilReady } from '../../src/infra/processes';

const neverReady = () => Promise.reject(new Error('connection refused'));

describe('the infrastructure manager', () => {
  it('reports a service that exits during start-up by name, with its log file and last lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'infra-test-'));
    const pid = startDaemon({
      name: 'Broken',
      dir,
      command: 'sh',
      args: ['-c', 'echo cannot bind port; exit 3'],
    });

    const failure = waitUntilReady('Broken', neverReady, { timeoutMs: 10_000, dir, pid });

    await expect(failure).rejects.toThrow(InfraError);
    await expect(failure).rejects.toThrow(
      /Broken exited during start-up; see its log .*service\.log\n.*cannot bind port/,
    );
  });

  it('names the service and the reason when it does not answer in time', async () => {
    await expect(waitUntilReady('Silent', neverReady, { timeoutMs: 600 })).rejects.toThrow(
      /Silent did not answer within 0.6s \(connection refused\)/,
    );
  });
});
