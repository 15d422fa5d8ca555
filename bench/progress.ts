import cliProgress from 'cli-progress';

/** One bar per phase on a terminal; silent otherwise (CI, the smoke test). */
export function createProgress(enabled: boolean) {
  const bar = enabled
    ? new cliProgress.SingleBar(
        { format: '{phase} |{bar}| {value}/{total} {unit}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let active = false;
  const finish = () => {
    if (active) bar?.stop();
    active = false;
  };
  return {
    /** Starts a bar for `phase`; the returned function advances it by one. */
    phase(phase: string, total: number, unit: string): (value?: number) => void {
      finish();
      bar?.start(Math.max(1, Math.round(total)), 0, { phase: phase.padEnd(26), unit });
      active = true;
      let count = 0;
      return (value?: number) => {
        count = value ?? count + 1;
        bar?.update(Math.min(count, Math.max(1, Math.round(total))));
      };
    },
    finish,
  };
}

export type Progress = ReturnType<typeof createProgress>;
