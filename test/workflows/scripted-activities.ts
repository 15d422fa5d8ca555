import { ApplicationFailure } from '@temporalio/common';
import type { OrderSagaActivities } from '../../contract/activities';

export type ActivityName = keyof OrderSagaActivities;
/** Decides what one attempt of an activity does; `attempt` counts from 1 per activity. */
export type Behaviour = (attempt: number) => unknown;

/** What one order's activities do, and every call they received, in order. */
export interface OrderScript {
  calls: ActivityName[];
  attempts: Partial<Record<ActivityName, number>>;
  behaviours: Partial<Record<ActivityName, Behaviour>>;
}

const defaults: Record<ActivityName, (orderId: string) => unknown> = {
  reserveInventory: () => ({ reservedItems: 1 }),
  authorizePayment: (orderId) => ({ authorizationId: `auth-${orderId}`, amount: 2500 }),
  createShipment: (orderId) => ({ shipmentId: `ship-${orderId}` }),
  completeOrder: () => ({ capturedAmount: 2500 }),
  releaseInventory: () => 'undone',
  voidOrRefundPayment: () => 'undone',
  cancelShipment: () => 'undone',
  cancelOrder: () => 'undone',
};

/**
 * Deterministic fakes typed as the real activities. One worker serves many workflows;
 * each order gets its own script, looked up by the orderId every activity receives.
 */
export class ScriptedActivities {
  private readonly scripts = new Map<string, OrderScript>();

  script(orderId: string): OrderScript {
    const script: OrderScript = { calls: [], attempts: {}, behaviours: {} };
    this.scripts.set(orderId, script);
    return script;
  }

  readonly activities: OrderSagaActivities = Object.fromEntries(
    (Object.keys(defaults) as ActivityName[]).map((name) => [
      name,
      async ({ orderId }: { orderId: string }) => {
        const script = this.scripts.get(orderId);
        if (!script) throw ApplicationFailure.nonRetryable(`no script for order ${orderId}`, 'TestSetup');
        script.calls.push(name);
        const attempt = (script.attempts[name] ?? 0) + 1;
        script.attempts[name] = attempt;
        const behaviour = script.behaviours[name];
        return behaviour ? await behaviour(attempt) : defaults[name](orderId);
      },
    ]),
  ) as unknown as OrderSagaActivities;
}

export function reject(type: string, message: string): Behaviour {
  return () => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true });
  };
}

/** An infrastructure error on the first `times` attempts, then the default result. */
export function failTimes(times: number, fallback: Behaviour): Behaviour {
  return (attempt) => {
    if (attempt <= times) throw new Error(`transient failure, attempt ${attempt}`);
    return fallback(attempt);
  };
}

/** Lets a test hold an activity until it chooses, and know when the activity has started. */
export class Gate {
  private markStarted!: () => void;
  private open!: () => void;
  readonly started = new Promise<void>((resolve) => (this.markStarted = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  behaviour(then: Behaviour): Behaviour {
    return async (attempt) => {
      this.markStarted();
      await this.opened;
      return then(attempt);
    };
  }

  release(): void {
    this.open();
  }
}

export function defaultBehaviour(name: ActivityName, orderId: string): Behaviour {
  return () => defaults[name](orderId);
}
