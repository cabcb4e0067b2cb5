export type ProgressUnit = 'bytes' | 'rows' | 'jobs';

export interface ProgressState {
  /** What is being done, e.g. `reading`; a new label restarts the rate and the ETA. */
  label: string;
  done: number;
  /** Unknown (0) hides the bar and the ETA. */
  total: number;
  unit: ProgressUnit;
  /** Rows handled so far in this phase, when the unit is not rows; shown with a rate. */
  rows?: number;
}

export interface ProgressBar {
  update(state: ProgressState): void;
  /** Clears the redrawn line so what is printed next starts clean. */
  finish(): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBarOptions {
  /** Lines when the stream is not a terminal (a log file, CI); 0 prints none. */
  plainIntervalMilliseconds?: number;
  now?: () => number;
}

const redrawMilliseconds = 100;

/**
 * Progress on stderr: one line redrawn in place on a terminal, and an occasional plain line
 * otherwise, so logs of unattended runs still show that an import is alive without flooding.
 */
export function createProgressBar(
  stream: ProgressStream,
  options: ProgressBarOptions = {},
): ProgressBar {
  const now = options.now ?? (() => performance.now());
  const interactive = stream.isTTY === true;
  const plainInterval = options.plainIntervalMilliseconds ?? 5000;
  let phaseLabel = '';
  let phaseStarted = 0;
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let drawnSomething = false;

  return {
    update(state) {
      const time = now();
      const newPhase = state.label !== phaseLabel;
      if (newPhase) {
        phaseLabel = state.label;
        phaseStarted = time;
      }
      const complete = state.total > 0 && state.done >= state.total;
      const elapsedSeconds = (time - phaseStarted) / 1000;
      if (interactive) {
        if (!newPhase && !complete && time - lastDrawn < redrawMilliseconds) return;
        lastDrawn = time;
        const width = Math.max(40, (stream.columns ?? 80) - 1);
        stream.write(`\r${renderProgressLine(state, elapsedSeconds, width)}\u001b[K`);
        drawnSomething = true;
        return;
      }
      if (plainInterval <= 0) return;
      if (lastDrawn === Number.NEGATIVE_INFINITY) lastDrawn = time;
      if (time - lastDrawn < plainInterval) return;
      lastDrawn = time;
      stream.write(`${renderProgressLine(state, elapsedSeconds, 0)}\n`);
    },
    finish() {
      if (interactive && drawnSomething) stream.write('\r\u001b[K');
      drawnSomething = false;
    },
  };
}

/**
 * One progress line: label, bar, percentage, count/total, rate and ETA. `width` 0 leaves out the
 * bar (plain log lines).
 */
export function renderProgressLine(
  state: ProgressState,
  elapsedSeconds: number,
  width: number,
): string {
  const parts: string[] = [];
  const known = state.total > 0;
  const fraction = known ? Math.min(1, state.done / state.total) : 0;
  if (known) parts.push(`${Math.floor(fraction * 100)}%`.padStart(4));
  parts.push(
    known
      ? `${formatAmount(state.done, state.unit)}/${formatAmount(state.total, state.unit)}`
      : formatAmount(state.done, state.unit),
  );
  const rows = state.unit === 'rows' ? state.done : state.rows;
  if (rows !== undefined && state.unit !== 'rows') parts.push(`${formatCount(rows)} rows`);
  if (elapsedSeconds > 0.5) {
    if (rows !== undefined) parts.push(`${formatCount(rows / elapsedSeconds)} rows/s`);
    else parts.push(`${formatCount(state.done / elapsedSeconds)} ${state.unit}/s`);
    if (known && state.done > 0 && fraction < 1) {
      const remaining = ((state.total - state.done) * elapsedSeconds) / state.done;
      parts.push(`ETA ${formatDuration(remaining)}`);
    }
  }
  const label = state.label.padEnd(10);
  if (width === 0) return `${label} ${parts.join('  ')}`;
  // On a narrow terminal drop the least useful parts (ETA, rate) rather than cut a number.
  while (parts.length > 1 && label.length + 1 + parts.join('  ').length > width) parts.pop();
  const text = parts.join('  ');
  const barWidth = Math.min(40, width - label.length - text.length - 5);
  if (!known || barWidth < 8) return `${label} ${text}`.slice(0, width);
  const filled = Math.round(fraction * barWidth);
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${text}`;
}

export function formatAmount(value: number, unit: ProgressUnit): string {
  if (unit !== 'bytes') return formatCount(value);
  if (value < 1024) return `${value} B`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} KB`;
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MB`;
  return `${(value / 1024 ** 3).toFixed(2)} GB`;
}

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** `0:07`, `12:30`, `1:02:03`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}
