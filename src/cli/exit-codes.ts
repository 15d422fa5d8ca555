/** What `saga` exits with, so scripts can tell the outcomes apart. */
export const EXIT = {
  /** Done, nothing wrong found. */
  ok: 0,
  /** Done, and something needs attention: violations, refused or failed items, nothing found. */
  found: 1,
  /** The command line was wrong. */
  usage: 2,
  /** PostgreSQL, Temporal or Kafka could not be reached. */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A server the command needs did not answer. */
export class UnreachableError extends Error {
  override name = 'UnreachableError';
  constructor(
    readonly service: 'PostgreSQL' | 'Temporal' | 'Kafka',
    readonly address: string,
    cause: unknown,
  ) {
    super(
      `${service} at ${address} is unreachable: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/** The command line names something wrong (reported with exit code 2). */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
