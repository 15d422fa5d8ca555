import { describe, expect, it } from 'vitest';
import { sharedReadiness } from '../../src/readiness';

describe('readiness as the public endpoint runs it', () => {
  it('runs one round of checks for all probes within its time to live, then a fresh one', async () => {
    let rounds = 0;
    const readiness = sharedReadiness({ postgres: async () => rounds++ }, { warn: () => undefined }, 50);
    const answers = await Promise.all([readiness(), readiness(), readiness()]);
    expect(rounds).toBe(1);
    expect(answers).toEqual([
      { postgres: { ok: true } },
      { postgres: { ok: true } },
      { postgres: { ok: true } },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await readiness();
    expect(rounds).toBe(2);
  });

  it('names a failing check without its message, which goes to the log', async () => {
    const warned: unknown[] = [];
    const readiness = sharedReadiness(
      { kafka: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.3.7:9092')) },
      { warn: (fields: unknown) => void warned.push(fields) },
    );
    expect(await readiness()).toEqual({ kafka: { ok: false } });
    expect(JSON.stringify(warned)).toContain('10.0.3.7');
  });
});
