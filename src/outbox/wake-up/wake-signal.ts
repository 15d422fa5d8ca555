/**
 * Wakes a polling loop early. A wake that arrives while the loop is busy is kept, so
 * the next wait returns at once instead of missing a commit.
 */
export function createWakeSignal() {
  let pending = false;
  let release: (() => void) | undefined;
  return {
    trigger() {
      pending = true;
      release?.();
    },
    async wait(timeoutMs: number): Promise<void> {
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          release = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        release = undefined;
      }
      pending = false;
    },
  };
}
