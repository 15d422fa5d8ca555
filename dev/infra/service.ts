import type { Config } from '../../src/config';
import type { DaemonSpec } from './processes';

/** One piece of local infrastructure the manager can install, start, probe and prepare. */
export interface LocalService {
  name: string;
  /** Folder under the ignored local folder that holds the service's data, pid and log. */
  dir: string;
  /** True when the user points at their own instance, which is then used and never started here. */
  external(env: NodeJS.ProcessEnv): boolean;
  address(config: Config): string;
  startTimeoutMs: number;
  /** Fetches or builds what the service needs to run (idempotent, cached outside the project). */
  install(): void;
  /** One-time initialisation of the data folder before the first start. */
  init?(config: Config): Promise<void> | void;
  daemon(config: Config): DaemonSpec;
  /** Resolves once the service really answers (not merely once its port is open). */
  probe(config: Config): Promise<void>;
  /** Creates what the project needs in a running service: topics, search attributes, schema. */
  prepare(config: Config): Promise<void>;
  /** Signal that makes the service shut down quickly and cleanly. */
  stopSignal?: NodeJS.Signals;
}
