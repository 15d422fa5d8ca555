import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { firstFreePorts, freePort, freePorts } from '../../dev/free-port';

const firstEphemeralPort = Number(
  readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
);

async function listening(port: number) {
  const server = createServer().listen(port);
  await once(server, 'listening');
  return { close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('free ports for the processes a test starts', () => {
  it('lie below the range outgoing connections take their ports from, and can be listened on', async () => {
    const ports = await freePorts(4);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) {
      expect(port).toBeLessThan(firstEphemeralPort);
      await (await listening(port)).close();
    }
  });

  it('are not handed out twice by one process before their taker listens', async () => {
    const ports = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(50);
  });

  it('skip a port something listens on, and say so when none is left', async () => {
    const [taken, free] = await freePorts(2);
    const holder = await listening(taken!);
    try {
      expect(await firstFreePorts([taken!, free!], 1)).toEqual([free]);
      await expect(firstFreePorts([taken!], 1)).rejects.toThrow(
        'fewer than 1 free ports among the candidates',
      );
    } finally {
      await holder.close();
    }
  });
});
