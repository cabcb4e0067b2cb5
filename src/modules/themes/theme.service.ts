import type { Static, TSchema } from '@sinclair/typebox';
import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import type {
  duplicatesSchema,
  mergeThemesSchema,
  renameThemeSchema,
  sentimentSchema,
  splitThemeSchema,
  themeListSchema,
} from './theme.schema.js';
import { mergeThemes, renameTheme, splitTheme } from './theme-edit.service.js';
import {
  duplicateClusters,
  sentimentOverTime,
  themeDetail,
  themesWithTrends,
} from './theme-query.service.js';
import { queueRecluster } from './theme-recluster.js';

/**
 * What the listening routes ask for, one function per route: the request's defaults and the
 * principal's organisation are settled here, so the routes only validate, authorise, call and
 * present.
 */

type Query<Schema extends { querystring: TSchema }> = Static<Schema['querystring']>;
type Body<Schema extends { body: TSchema }> = Static<Schema['body']>;

const toMs = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

export function listThemes(
  context: AppContext,
  principal: Principal,
  query: Query<typeof themeListSchema>,
) {
  return themesWithTrends(context.database.db, principal.organisationId, {
    bucket: query.bucket ?? 'hour',
    points: query.points ?? 48,
    to: toMs(query.to),
    includeDormant: query.include_dormant ?? false,
    minMessages: query.min_messages ?? 1,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
}

export function getTheme(context: AppContext, principal: Principal, id: number) {
  return themeDetail(context.database.db, principal.organisationId, id);
}

export function renameThemeAs(
  context: AppContext,
  principal: Principal,
  id: number,
  body: Body<typeof renameThemeSchema>,
) {
  return renameTheme(context.database, principal.organisationId, id, body.label, principal.userId);
}

export function mergeIntoTheme(
  context: AppContext,
  principal: Principal,
  id: number,
  body: Body<typeof mergeThemesSchema>,
) {
  return mergeThemes(
    context.database,
    principal.organisationId,
    id,
    body.theme_ids,
    principal.userId,
  );
}

export function splitThemeBy(
  context: AppContext,
  principal: Principal,
  id: number,
  body: Body<typeof splitThemeSchema>,
) {
  return splitTheme(
    context.database,
    principal.organisationId,
    id,
    body.keywords,
    body.label,
    principal.userId,
  );
}

export function requestRecluster(context: AppContext, principal: Principal) {
  return queueRecluster(context.database, principal.organisationId);
}

export function listDuplicates(
  context: AppContext,
  principal: Principal,
  query: Query<typeof duplicatesSchema>,
) {
  return duplicateClusters(context.database.db, principal.organisationId, {
    themeId: query.theme_id,
    minCount: query.min_count ?? 2,
    limit: query.limit ?? 50,
  });
}

export function sentimentSeries(
  context: AppContext,
  principal: Principal,
  query: Query<typeof sentimentSchema>,
) {
  return sentimentOverTime(context.database.db, principal.organisationId, {
    bucket: query.bucket ?? 'hour',
    points: query.points ?? 48,
    to: toMs(query.to),
    channelAccountId: query.channel_account_id,
  });
}
