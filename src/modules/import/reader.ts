import type { InboundMessage } from '../ingest/index.js';

export const importFormats = ['twcs', 'airline', 'jsonl'] as const;
export type ImportFormat = (typeof importFormats)[number];

export function isImportFormat(value: string): value is ImportFormat {
  return (importFormats as readonly string[]).includes(value);
}

/** A source row that could not become a message; it never stops an import. */
export interface RowError {
  line: number;
  message: string;
}

/** What a reader yields per source row: a message, or the reason the row was skipped. */
export type ReaderItem =
  | { line: number; message: InboundMessage; error?: undefined }
  | { line: number; error: string; message?: undefined };

export type ReadPhase = 'scanning' | 'reading';

export interface ReadProgress {
  phase: ReadPhase;
  bytesRead: number;
  totalBytes: number;
}

export interface ReadOptions {
  onProgress?: (progress: ReadProgress) => void;
  /**
   * Brand handles known beforehand (twcs): lets a file of customer tweets without the brands'
   * replies be imported, the brand being found from @mentions.
   */
  brands?: readonly string[];
}

/** The byte counter a reader hands to its file source, reporting the phase it is in. */
export function bytesProgress(
  options: ReadOptions,
  phase: ReadPhase,
  totalBytes: number,
): (bytesRead: number) => void {
  return (bytesRead) => options.onProgress?.({ phase, bytesRead, totalBytes });
}

/** A file that passed the checks and is ready to stream. */
export interface OpenedSource {
  totalBytes: number;
  /** Whether the reader reads the file twice (a scan, then the rows). */
  passes: 1 | 2;
  rows(): AsyncGenerator<ReaderItem>;
}

export interface ImportReader {
  format: ImportFormat;
  /** Cheap checks only (file exists, not empty, header): run before opening the database. */
  check(file: string): Promise<void>;
  /** Checks the file and does any preparatory pass; throws ImportFileError. */
  open(file: string, options?: ReadOptions): Promise<OpenedSource>;
}
