/**
 * The file as a whole cannot be imported (missing, empty, not the expected format). Raised
 * before anything is written; the CLI turns it into exit code 2.
 */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
}
