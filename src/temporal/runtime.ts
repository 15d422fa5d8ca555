import { DefaultLogger, Runtime, type LogEntry, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../logger';

const pinoLevels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/**
 * Installs the Temporal runtime of this process (once, before any worker exists):
 * without its own signal handlers, because the process stops its roles itself in
 * order (inputs first, the worker after them), and with its logs in our JSON log.
 */
export function installTemporalRuntime(log: Logger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(level, ({ level: entryLevel, message, meta }: LogEntry) =>
      log[pinoLevels[entryLevel]]({ temporal: true, ...meta }, message),
    ),
  });
}
