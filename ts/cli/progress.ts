/**
 * A progress bar on stderr for long runs: drawn in place (carriage return) only when the
 * stream is a terminal and the user did not pass `--quiet`; otherwise silent, so piped and
 * logged output stays clean. Redraws at most every 100 ms.
 */

/** Where the bar is drawn (process.stderr, or a test double). */
export interface BarStream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export class ProgressBar {
  private last = -Infinity;
  private shown = false;
  private readonly enabled: boolean;
  private readonly started = performance.now();

  constructor(private readonly label: string, private readonly stream: BarStream, quiet: boolean, private readonly now: () => number = () => performance.now()) {
    this.enabled = !quiet && stream.isTTY === true;
  }

  /** Reports `done` of `total` units; `note` is shown after the percentage. */
  update(done: number, total: number, note = ''): void {
    if (!this.enabled) return;
    const t = this.now();
    if (t - this.last < 100 && done < total) return;
    this.last = t;
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = ((t - this.started) / 1e3).toFixed(1);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(100 * fraction).toFixed(0).padStart(3)}% ${seconds} s${note ? ` ${note}` : ''}`;
    const columns = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r${line.slice(0, columns).padEnd(columns)}`);
    this.shown = true;
  }

  /** Clears the bar's line. */
  done(): void {
    if (!this.shown) return;
    const columns = Math.max(20, (this.stream.columns ?? 80) - 1);
    this.stream.write(`\r${' '.repeat(columns)}\r`);
    this.shown = false;
  }
}
