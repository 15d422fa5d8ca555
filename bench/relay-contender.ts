import type { OutboxEventInput } from '../src/outbox/write/append';
import type { StopFunction } from '../src/roles/role';

/** A relay under test: how rows get into its outbox and how it is started. */
export interface RelayContender {
  name: string;
  /** Recorded in the report. */
  settings: Record<string, string | number>;
  /** Pre-inserts rows while the relay is stopped. */
  insertBulk(events: OutboxEventInput[]): Promise<void>;
  /** Inserts rows in one transaction, as a business transaction would, and wakes the relay if it can. */
  insertTransaction(events: OutboxEventInput[]): Promise<void>;
  /** Drops rows a timed-out flat-out run left behind, so the lag run does not queue behind them. */
  discardPending(topic: string): Promise<void>;
  start(): Promise<StopFunction>;
  close(): Promise<void>;
}
