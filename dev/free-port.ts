import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';

const LOWEST_PORT = 10000;
const HIGHEST_PORT = 65535;
const ENOUGH_PORTS = 1000;

/**
 * The range the system hands outgoing connections their local ports from; Linux's default
 * where it cannot be read (macOS and Windows hand out 49152 and up, above its start).
 */
function ephemeralRange(): { first: number; last: number } {
  try {
    const [first, last] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(first) && Number.isInteger(last)) return { first: first!, last: last! };
  } catch {
    // not Linux
  }
  return { first: 32768, last: 60999 };
}

/**
 * Where ports are picked: outside the ephemeral range, since a port picked inside it can be
 * taken by any connection made before the process it was picked for listens on it (the
 * processes of one test start together and connect to every server). Below the range if
 * there is room, else above it; a host whose range leaves no room gets ports from the
 * range itself, checked as any other.
 */
function pickingRange(): { lowest: number; span: number } {
  const { first, last } = ephemeralRange();
  if (first - LOWEST_PORT >= ENOUGH_PORTS) return { lowest: LOWEST_PORT, span: first - LOWEST_PORT };
  if (HIGHEST_PORT - last >= ENOUGH_PORTS) return { lowest: last + 1, span: HIGHEST_PORT - last };
  return { lowest: LOWEST_PORT, span: ENOUGH_PORTS };
}

const { lowest, span } = pickingRange();
// A random start keeps two processes that pick at the same time apart; counting on from it
// keeps one process from handing out a port twice before the first taker listens.
let next = Math.floor(Math.random() * span);

function* candidatePorts(): Generator<number> {
  for (let tried = 0; tried < span; tried++) yield lowest + (next++ % span);
}

/** A server listening on `port` on every address, as the processes the port is for listen; undefined if it is taken. */
function listenOn(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(undefined) : reject(error),
    );
    server.listen(port, () => resolve(server));
  });
}

/** The first `count` of `candidates` that nothing listens on right now. */
export async function firstFreePorts(candidates: Iterable<number>, count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    // All held open until the last is found, so no port is counted twice.
    for (const port of candidates) {
      const server = await listenOn(port);
      if (server) servers.push(server);
      if (servers.length === count) break;
    }
    if (servers.length < count) throw new Error(`fewer than ${count} free ports among the candidates`);
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** `count` distinct TCP ports that nothing listens on right now and no outgoing connection can take. */
export function freePorts(count: number): Promise<number[]> {
  return firstFreePorts(candidatePorts(), count);
}

/** One TCP port that nothing listens on right now and no outgoing connection can take. */
export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port!;
}
