import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newClusterId } from '../../dev/infra/kafka';
import { InfraError, runToCompletion, startDaemon, waitUntilReady } from '../../dev/infra/processes';

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

  it('keeps the output of a setup command that failed in its error', () => {
    expect(() =>
      runToCompletion('Format', 'sh', ['-c', 'echo formatting; echo bad cluster id >&2; exit 3'], {
        stdio: 'pipe',
      }),
    ).toThrow(/Format: sh .* exited with 3:\nformatting\nbad cluster id/);
  });

  it('draws Kafka cluster ids that the storage tool cannot mistake for an option', () => {
    const ids = Array.from({ length: 5_000 }, newClusterId);
    expect(ids.filter((id) => id.startsWith('-'))).toEqual([]);
    expect(ids.every((id) => /^[A-Za-z0-9_-]{22}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
