export { adjustedRandIndex, normalisedMutualInformation } from './clustering-metrics.js';
export { fingerprintMessages } from './near-duplicates.js';
export { type PinnedTheme, planRecluster, type ReclusterMessage } from './recluster-plan.js';
export { bands, hammingDistance, type Simhash, simhash } from './simhash.js';
export { stem, themeTerms } from './text-features.js';
export { reclusterJob, themeJobs } from './theme.jobs.js';
export { findTheme } from './theme.repository.js';
export { registerThemeRoutes } from './theme.routes.js';
export {
  type Assignment,
  type ClustererOptions,
  defaultClustererOptions,
  ThemeClusterer,
} from './theme-clusterer.js';
export { mergeThemes, renameTheme, splitTheme } from './theme-edit.service.js';
export { labelFromTerms, topTerms } from './theme-label.js';
export { lockThemes } from './theme-lock.js';
export { type MessageToPlace, placeInThemes } from './theme-placement.js';
export { exampleMessages } from './theme-query.repository.js';
export { presentTheme } from './theme-query.service.js';
export {
  queueRecluster,
  type ReclusterSummary,
  reclusterThemes,
} from './theme-recluster.js';
export { DocumentFrequencies, vectorise } from './theme-vector.js';
export {
  findVolumeRevision,
  hourMilliseconds,
  hourStart,
  listVolumes,
  type VolumeRevision,
  type VolumeRow,
} from './theme-volume.repository.js';
