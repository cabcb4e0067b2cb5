import { Writable } from 'node:stream';
import type { CliIo } from '../cli/command.js';

/** Streams for a CLI command under test, and everything written to each so far. */
export function captureCliIo(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  const stream = (append: (chunk: string) => void): Writable =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  return {
    io: { stdout: stream((chunk) => (out += chunk)), stderr: stream((chunk) => (err += chunk)) },
    out: () => out,
    err: () => err,
  };
}
