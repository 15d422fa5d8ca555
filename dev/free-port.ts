import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/**
 * The first port the system hands to outgoing connections. A port picked inside that
 * range can be taken by any connection made before the process it was picked for listens
 * on it (the processes of one test start together and connect to every server), so ports
 * are picked below it.
 */
function firstEphemeralPort(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
  } catch {
    return 32768; // Linux's default, and above the ranges macOS and Windows leave to servers
  }
}

const LOWEST = 20000;
const span = Math.max(1000, firstEphemeralPort() - LOWEST);
// A random start keeps two processes that pick at the same time apart; counting on from it
// keeps one process from handing out a port twice before the first taker listens.
let next = Math.floor(Math.random() * span);

async function listensOn(port: number): Promise<Server | undefined> {
  const server = createServer();
  server.listen(port); // every address, as the processes the port is for listen
  const listening = once(server, 'listening').then(() => server);
  return Promise.race([listening, once(server, 'error').then(() => undefined)]);
}

/** `count` distinct TCP ports that nothing listens on right now and no outgoing connection can take. */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  const ports: number[] = [];
  for (let tried = 0; ports.length < count; tried++) {
    if (tried === span) throw new Error(`no ${count} free ports between ${LOWEST} and ${LOWEST + span}`);
    const port = LOWEST + (next++ % span);
    const server = await listensOn(port);
    if (!server) continue;
    servers.push(server);
    ports.push(port);
  }
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** One TCP port that nothing listens on right now and no outgoing connection can take. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
