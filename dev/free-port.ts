import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';

/** `count` distinct TCP ports on 127.0.0.1 that nothing listens on right now. */
export async function freePorts(count: number): Promise<number[]> {
  // All held open at once, so the system cannot hand out one port twice.
  const servers: Server[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    servers.push(server);
  }
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** One TCP port on 127.0.0.1 that nothing listens on right now. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
