import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import { ImportFileError } from './import-errors.js';

/** Bytes per read: large enough for throughput, small enough to keep memory flat. */
const chunkBytes = 1 << 16;

/**
 * Checks that the file exists, is a regular file and is not empty; returns its size. Runs before
 * anything is written, so a typo in a path never half-imports anything.
 */
export async function checkReadableFile(file: string): Promise<number> {
  let stats: fs.Stats;
  try {
    stats = await fsPromises.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportFileError(`file not found: ${file}`);
    throw new ImportFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (!stats.isFile()) throw new ImportFileError(`not a regular file: ${file}`);
  if (stats.size === 0) throw new ImportFileError(`the file is empty: ${file}`);
  try {
    await fsPromises.access(file, fs.constants.R_OK);
  } catch {
    throw new ImportFileError(`cannot read ${file}: permission denied`);
  }
  return stats.size;
}

/**
 * Streams the file as UTF-8 text chunks. `onBytes` receives the running count of bytes read,
 * which is what progress is measured in (text length and byte length differ).
 */
export async function* readTextChunks(
  file: string,
  onBytes?: (bytesRead: number) => void,
): AsyncGenerator<string> {
  // The streaming decoder keeps a multi-byte character split across two reads intact.
  const decoder = new TextDecoder('utf-8');
  let bytesRead = 0;
  const stream = fs.createReadStream(file, { highWaterMark: chunkBytes });
  for await (const buffer of stream as AsyncIterable<Buffer>) {
    bytesRead += buffer.length;
    const text = decoder.decode(buffer, { stream: true });
    onBytes?.(bytesRead);
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

export interface TextLine {
  text: string;
  /** 1-based physical line number. */
  line: number;
}

/**
 * Splits text chunks into lines (LF or CRLF), with their line numbers. A line longer than
 * `maxLineLength` is reported with `tooLong` and its text dropped, so a file without newlines
 * cannot exhaust memory.
 */
export async function* splitLines(
  chunks: AsyncIterable<string>,
  maxLineLength: number,
): AsyncGenerator<TextLine & { tooLong?: boolean }> {
  let pending = '';
  let tooLong = false;
  let line = 1;
  let first = true;
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    let start = 0;
    let end = chunk.indexOf('\n', start);
    while (end !== -1) {
      const text = tooLong ? '' : pending + chunk.slice(start, end);
      if (!tooLong && text.length > maxLineLength) tooLong = true;
      yield tooLong ? { text: '', line, tooLong: true } : { text: stripCarriageReturn(text), line };
      pending = '';
      tooLong = false;
      line++;
      start = end + 1;
      end = chunk.indexOf('\n', start);
    }
    if (!tooLong) {
      pending += chunk.slice(start);
      if (pending.length > maxLineLength) {
        tooLong = true;
        pending = '';
      }
    }
  }
  if (tooLong) yield { text: '', line, tooLong: true };
  else if (pending.length > 0) yield { text: stripCarriageReturn(pending), line };
}

function stripCarriageReturn(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}
