import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withDevAuth } from '../../dev/auth/dev-secret';
import { printAccess } from '../../dev/auth/print-access';
import type { Config } from '../../src/config';
import { e2eConfig, startStack, type Stack } from '../support/stack';

let stack: Stack;
let config: Config;

beforeAll(async () => {
  stack = await startStack(await e2eConfig());
  // As `npm start` configures it: no authentication set, so the development secret.
  const unconfigured = { ...stack.config, auth: { mode: 'unconfigured' as const } };
  config = withDevAuth(unconfigured, join(mkdtempSync(join(tmpdir(), 'dev-access-')), 'auth'));
  const api = new URL(await stack.startApi({ auth: config.auth }));
  config = { ...config, http: { port: Number(api.port) } };
});
afterAll(async () => {
  await stack?.stop();
});

describe('what npm start prints', () => {
  it('is a token and a curl command that reach the REST API as an authorized caller', async () => {
    const printed = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    await printAccess(config, 'no-such-order');
    const text = printed.mock.calls.map((call) => String(call[0])).join('\n');
    printed.mockRestore();

    const commands = text.split('\n').filter((line) => /^\s+(export TOKEN=|curl )/.test(line));
    expect(commands).toHaveLength(2);
    const { stdout } = await promisify(execFile)('sh', ['-c', commands.join('\n')]);
    expect(JSON.parse(stdout)).toMatchObject({ status: 404, title: 'Order not found' });
  });
});
