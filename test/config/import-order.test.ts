import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// Modules a program may import first; an import cycle among them fails only in that order.
const FIRST_IMPORTS = ['src/auth-config.ts', 'src/service.ts', 'dev/role-process.ts'];

describe('the configuration modules', () => {
  it.each(FIRST_IMPORTS)('load when %s is the first module a program imports', async (module) => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '-e',
      `import('./${module}').then(() => console.log('loaded'))`,
    ]);
    expect(stdout.trim()).toBe('loaded');
  });
});
