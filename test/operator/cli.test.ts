import { describe, expect, it } from 'vitest';
import { getConfig } from '../../src/config';
import { runSaga } from '../support/saga-cli';

const config = getConfig();
const COMMANDS = [
  ['dlq', 'list'],
  ['dlq', 'redrive'],
  ['stuck', 'list'],
  ['stuck', 'resume'],
  ['lineage'],
  ['reconcile'],
];

describe('the saga command', { timeout: 120_000 }, () => {
  it('runs as `npx saga` in the project and lists its commands and exit codes', async () => {
    const run = await runSaga(config, ['--help'], ['npx', '--no-install', 'saga']);
    expect(run.code).toBe(0);
    for (const command of ['dlq', 'stuck', 'lineage', 'reconcile']) expect(run.stdout).toContain(command);
    expect(run.stdout).toContain('3 PostgreSQL, Temporal or Kafka unreachable');
  });

  it('answers --help on every command', async () => {
    const runs = await Promise.all(COMMANDS.map((command) => runSaga(config, [...command, '--help'])));
    for (const [index, run] of runs.entries()) {
      expect(run.code, COMMANDS[index]!.join(' ')).toBe(0);
      expect(run.stdout).toContain(`Usage: saga ${COMMANDS[index]!.join(' ')}`);
    }
  });

  it('exits 2 on an unknown option or a bad value', async () => {
    const unknown = await runSaga(config, ['reconcile', '--no-such-option']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '--no-such-option'");
    const badValue = await runSaga(config, ['dlq', 'list', '--since', 'yesterday-ish']);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('--since takes a duration');
  });
});
