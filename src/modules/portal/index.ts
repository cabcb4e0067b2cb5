export { escapeHtml, type Html, highlighted, html } from './html.js';
export { renderMarkdown, storedMarkdown } from './markdown.js';
export { registerPortalRoutes } from './portal.routes.js';
export type {
  PortalFrame,
  PortalSection,
  PortalViewer,
  SitemapEntry,
} from './portal-frame.js';
export { portalPath } from './portal-layout.js';
