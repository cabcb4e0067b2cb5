export { adjustedRandIndex, normalisedMutualInformation } from './clustering-metrics.js';
export { fingerprintMessages } from './near-duplicates.js';
export { planRecluster } from './recluster-plan.js';
export { simhash } from './simhash.js';
export { stem, themeTerms } from './text-features.js';
export { reclusterJob, themeJobs } from './theme.jobs.js';
export { findTheme, moveThemeData } from './theme.repository.js';
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
export {
  exampleMessages,
  listeningPlaceOf,
  messageIdsOfCluster,
  messageIdsOfTheme,
} from './theme-query.repository.js';
export { type ReclusterSummary, reclusterThemes } from './theme-recluster.js';
export { DocumentFrequencies, vectorise } from './theme-vector.js';
export {
  applyVolumeDeltas,
  findVolumeRevision,
  hourMilliseconds,
  hourStart,
  VolumeDeltas,
  type VolumeRow,
} from './theme-volume.repository.js';
