export {
  checkImportFile,
  type ImportProgress,
  type ImportSummary,
  importFile,
} from './import.service.js';
export { ImportFileError } from './import-errors.js';
export { importFormats, isImportFormat } from './reader.js';
