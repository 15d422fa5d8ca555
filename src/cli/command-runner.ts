import type { Command } from 'commander';
import pino from 'pino';
import { getConfig } from '../config';
import { openConnections, type Connections } from './connections';
import { EXIT, type ExitCode } from './exit-codes';

export interface GlobalOptions {
  json: boolean;
}

export type Action<A extends unknown[]> = (
  connections: Connections,
  global: GlobalOptions,
  ...args: A
) => Promise<ExitCode>;

/** Turns a command's action into what commander calls. */
export type Run = <A extends unknown[]>(action: Action<A>) => (...args: unknown[]) => Promise<void>;

/**
 * Wraps a command's action: reads the configuration like the service, opens the servers
 * it uses on demand, closes them, and leaves the action's exit code for main to use.
 */
export function runner(onDone: (code: ExitCode) => void): Run {
  return <A extends unknown[]>(action: Action<A>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const global = command.optsWithGlobals<GlobalOptions>();
      const config = getConfig();
      // Kafka's and Prisma's own warnings go to stderr, leaving stdout to the answer.
      const log = pino({ level: 'error' }, pino.destination({ dest: 2, sync: true }));
      const connections = openConnections(config, log);
      try {
        onDone(await action(connections, { json: Boolean(global.json) }, ...(args.slice(0, -1) as A)));
      } finally {
        await connections.close();
      }
    };
}

export { EXIT };
