export {
  checkImportFile,
  type ImportOptions,
  type ImportProgress,
  type ImportRuntime,
  type ImportSummary,
  importBatchSize,
  importFile,
  importReader,
  keptRowErrors,
} from './import.service.js';
export { ImportFileError } from './import-errors.js';
export {
  type ImportFormat,
  importFormats,
  isImportFormat,
  type ReaderItem,
  type RowError,
} from './reader.js';
