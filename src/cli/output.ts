import { SingleBar, Presets } from 'cli-progress';
import Table from 'cli-table3';
import { InvalidArgumentError } from 'commander';

type Cell = string | number | bigint | undefined | null;

/** A readable table, empty cells shown as a dash. */
export function table(head: string[], rows: Cell[][]): string {
  const rendered = new Table({
    head,
    style: { head: [], border: [] },
    wordWrap: true,
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const row of rows)
    rendered.push(row.map((cell) => (cell === undefined || cell === null ? '-' : String(cell))));
  return rendered.toString();
}

/** What a command prints: JSON for `--json`, else the readable text. */
export function emit(json: boolean, data: unknown, readable: () => string): void {
  const text = json
    ? JSON.stringify(data, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value), 2)
    : readable();
  process.stdout.write(`${text}\n`);
}

/**
 * A progress bar on stderr while long work runs, started at the first update (when the
 * total is known); silent unless stderr is a terminal and the output is readable.
 */
export function progressBar(json: boolean, label: string) {
  let bar: SingleBar | undefined;
  const shown = !json && Boolean(process.stderr.isTTY);
  return {
    update: (done: number, total: number) => {
      if (!shown) return;
      if (!bar) {
        bar = new SingleBar(
          { format: `${label} [{bar}] {value}/{total}`, clearOnComplete: true },
          Presets.shades_classic,
        );
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** `--since 15m|2h|3d|30s` or an ISO time, as the moment it names. */
export function parseSince(value: string, now = Date.now()): Date {
  const relative = /^(\d+)\s*(s|m|h|d)$/.exec(value.trim());
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[relative[2] as 's' | 'm' | 'h' | 'd'];
    return new Date(now - Number(relative[1]) * unit);
  }
  const time = new Date(value);
  if (Number.isNaN(time.getTime()))
    throw new InvalidArgumentError(
      `--since takes a duration (30s, 15m, 2h, 3d) or an ISO time, not "${value}"`,
    );
  return time;
}

/** A list: JSON for `--json`, else a table of one row per item, or `empty` when there is none. */
export function emitRows<T>(
  json: boolean,
  items: T[],
  view: { empty: string; head: string[]; row: (item: T) => Cell[]; footer?: string },
): void {
  emit(json, items, () =>
    items.length === 0 ? view.empty : table(view.head, items.map(view.row)) + (view.footer ?? ''),
  );
}

/** Errors of the database client span many lines, with source excerpts; the last one says what happened. */
export const lastLine = (text: string | undefined) =>
  text
    ?.split('\n')
    .filter((line) => line.trim())
    .at(-1)
    ?.slice(0, 200);

/** A command-line value that must be a positive whole number. */
export function positive(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new InvalidArgumentError('expected a positive integer');
  return number;
}
