import type { OrganisationSettings } from '../organisations/index.js';
import { type Html, html } from './html.js';

export interface PortalViewerSummary {
  /** What the header says about who is reading. */
  label: string | null;
  signedIn: boolean;
}

export interface PageSpec {
  title: string;
  /** One sentence for search results and link previews. */
  description: string;
  /** The page's path inside the portal ('' for its home, '/c/help' ...). */
  path: string;
  body: Html;
  /** Open Graph type: `website` for lists, `article` for a topic. */
  type?: 'website' | 'article';
  /** Pages that must not be indexed (forms, search results). */
  noIndex?: boolean;
}

/** The portal's one layout: branding, navigation, the page, and the tags search engines read. */
export function layout(
  organisation: OrganisationSettings,
  portalUrl: string,
  viewer: PortalViewerSummary,
  page: PageSpec,
): string {
  const canonical = `${portalUrl}${page.path}`;
  const fullTitle = page.title ? `${page.title} · ${organisation.name}` : organisation.name;
  const document = html`<!doctype html>
<html lang="${organisation.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${fullTitle}</title>
<meta name="description" content="${page.description}">
<link rel="canonical" href="${canonical}">
${page.noIndex ? html`<meta name="robots" content="noindex">` : null}
<meta property="og:site_name" content="${organisation.name}">
<meta property="og:title" content="${page.title || organisation.name}">
<meta property="og:description" content="${page.description}">
<meta property="og:type" content="${page.type ?? 'website'}">
<meta property="og:url" content="${canonical}">
${organisation.logo_url ? html`<meta property="og:image" content="${organisation.logo_url}">` : null}
<link rel="stylesheet" href="${portalPath('/portal.css')}">
<link rel="stylesheet" href="${portalPath('/brand.css')}">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<a class="brand" href="${portalPath('')}">${
    organisation.logo_url
      ? html`<img src="${organisation.logo_url}" alt="" width="32" height="32"> `
      : null
  }<span>${organisation.name}</span></a>
<nav aria-label="Portal">
<form class="search" role="search" method="get" action="${portalPath('/search')}">
<label for="portal-search" class="visually-hidden">Search the community</label>
<input id="portal-search" type="search" name="q" placeholder="Search">
<button type="submit">Search</button>
</form>
${
  viewer.signedIn
    ? html`<span class="viewer">${viewer.label}</span>`
    : html`<a href="${portalPath('/sign-in')}">Sign in</a>`
}
</nav>
</header>
<main id="main">
${page.body}
</main>
<footer class="site"><p>${organisation.name} community</p></footer>
</body>
</html>
`;
  return document.value;
}

/** Links inside the portal are relative to where the process serves it. */
export function portalPath(path: string): string {
  return `/portal${path}`;
}
