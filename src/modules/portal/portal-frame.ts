import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { csrfMatches, type Principal } from '../auth/index.js';
import type { OrganisationSettings } from '../organisations/index.js';
import type { Html } from './html.js';
import type { PageSpec } from './portal-layout.js';

/**
 * Who reads a portal page. Staff are users signed in with their normal session (it wins when a
 * browser has both); participants are contacts signed in by e-mailed link with a portal-scoped
 * session (a consultation's session is not a portal identity). API tokens are not either.
 */
export type PortalViewer =
  | { kind: 'anonymous'; organisationId: number }
  | {
      kind: 'staff';
      organisationId: number;
      userId: number;
      name: string;
      csrfToken: string;
      principal: Principal;
    }
  | {
      kind: 'participant';
      organisationId: number;
      contactId: number;
      name: string | null;
      csrfToken: string;
    };

/** One sitemap entry: a path inside the portal and when it last changed. */
export interface SitemapEntry {
  path: string;
  lastModified: number | null;
}

/** What the portal frame offers the sections that plug into it. */
export interface PortalFrame {
  context: AppContext;
  /** The organisation the portal serves and its branding. */
  organisation(): Promise<OrganisationSettings & { id: number }>;
  viewerOf(request: FastifyRequest): Promise<PortalViewer>;
  /** Sends a page in the portal's layout. */
  page(reply: FastifyReply, viewer: PortalViewer, spec: PageSpec, status?: number): Promise<void>;
  /** A submitted form's fields, after checking its CSRF token against the viewer's session. */
  formOf(request: FastifyRequest, viewer: PortalViewer): Record<string, string>;
  /** The hidden CSRF field every form carries. */
  csrfField(viewer: PortalViewer): Html;
  /** An absolute URL of a portal path (canonical links, e-mails). */
  url(path: string): string;
}

/**
 * A capability's part of the portal (community, consultations, "you said, we did"): it registers
 * its pages in the portal's scope (paths relative to /portal) and lists its public pages for the
 * sitemap.
 */
export interface PortalSection {
  name: string;
  register(app: FastifyInstance, frame: PortalFrame): void;
  sitemap(frame: PortalFrame, organisationId: number): Promise<SitemapEntry[]>;
  /** A block on the portal's home page. */
  home?(frame: PortalFrame, viewer: PortalViewer): Promise<Html>;
}

export function checkForm(body: unknown, viewer: PortalViewer): Record<string, string> {
  if (viewer.kind === 'anonymous') {
    throw new AppError('unauthenticated', 'sign in to do this');
  }
  const fields: Record<string, string> = {};
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string') fields[key] = value;
    }
  }
  if (!csrfMatches(viewer.csrfToken, fields._csrf)) {
    throw new AppError('csrf_failed', 'this form expired; reload the page and try again');
  }
  return fields;
}
