import { type InboundMessage, validateInboundMessage } from '../ingest/index.js';
import { checkReadableFile, readTextChunks, splitLines } from './file-source.js';
import { ImportFileError } from './import-errors.js';
import type { ImportReader, OpenedSource, ReaderItem, ReadOptions } from './reader.js';
import { bytesProgress } from './reader.js';

/** Far above any valid message (text is capped at 20,000 characters) but bounded. */
const maxLineLength = 4 * 1024 * 1024;

/** One normalised InboundMessage per line, as the inbound API takes them. */
export const jsonlReader: ImportReader = {
  format: 'jsonl',

  async check(file) {
    await checkReadableFile(file);
    await checkFirstLine(file);
  },

  async open(file, options: ReadOptions = {}): Promise<OpenedSource> {
    const totalBytes = await checkReadableFile(file);
    await checkFirstLine(file);
    const onBytes = bytesProgress(options, 'reading', totalBytes);
    return {
      totalBytes,
      passes: 1,
      async *rows(): AsyncGenerator<ReaderItem> {
        for await (const line of splitLines(readTextChunks(file, onBytes), maxLineLength)) {
          if (line.tooLong) {
            yield { line: line.line, error: `line longer than ${maxLineLength} characters` };
            continue;
          }
          if (line.text.trim() === '') continue;
          yield parseLine(line.line, line.text);
        }
      },
    };
  },
};

/** Parses and validates one line; exported for tests and for callers holding lines already. */
export function parseLine(line: number, text: string): ReaderItem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, error: `invalid JSON: ${(error as Error).message}` };
  }
  const errors = validateInboundMessage(value);
  if (errors.length > 0) {
    const described = errors.map((error) => `${error.path}: ${error.message}`).join('; ');
    return { line, error: `invalid message: ${described}` };
  }
  return { line, message: value as InboundMessage };
}

/**
 * A file whose first non-blank line is not a JSON object is not JSON Lines (a CSV given the
 * wrong format, say): refuse it as a whole instead of reporting every line as an error.
 */
async function checkFirstLine(file: string): Promise<void> {
  const lines = splitLines(readTextChunks(file), maxLineLength);
  try {
    for await (const line of lines) {
      if (line.tooLong) return;
      const text = line.text.trim();
      if (text === '') continue;
      if (text.startsWith('{')) return;
      throw new ImportFileError(
        `${file} does not look like JSON Lines: line ${line.line} does not start with "{" ` +
          '(expected one InboundMessage JSON object per line)',
      );
    }
    throw new ImportFileError(`${file} holds no JSON object (only blank lines)`);
  } finally {
    await lines.return(undefined);
  }
}
