import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import { recordAudit } from '../audit/index.js';
import { actorOf } from '../auth/index.js';
import {
  findChannelAccountById,
  findTeamById,
  findTeamByName,
  listChannelAccounts,
  listTeams,
  updateChannelAccountTeam,
} from './channel.repository.js';
import { ensureChannelAccount, ensureTeam } from './channel.service.js';

const TeamSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  timezone: Type.String(),
});
const ChannelAccountSchema = Type.Object({
  id: Type.Integer(),
  channel: Type.String(),
  handle: Type.String(),
  name: Type.String(),
  team_id: Type.Union([Type.Integer(), Type.Null()]),
});

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

const present = (row: {
  id: number;
  channel: string;
  handle: string;
  name: string;
  team_id: number | null;
}) => ({
  id: row.id,
  channel: row.channel,
  handle: row.handle,
  name: row.name,
  team_id: row.team_id,
});

export function registerChannelRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = context.database;

  app.get(
    '/api/v1/teams',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['teams'],
        summary: 'Teams',
        response: { 200: Type.Object({ data: Type.Array(TeamSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ data: await listTeams(db, principalOf(request).organisationId) }),
  );

  app.post(
    '/api/v1/teams',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['teams'],
        summary: 'Create a team',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 100 }),
            timezone: Type.Optional(
              Type.String({
                minLength: 1,
                maxLength: 64,
                description: 'IANA timezone, e.g. Europe/Berlin.',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: TeamSchema, ...errorResponses, 409: errorResponses[400] },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const timezone = request.body.timezone ?? 'UTC';
      if (!isValidTimezone(timezone)) {
        throw new AppError('validation_failed', 'unknown timezone', [
          { path: 'body/timezone', message: 'use an IANA timezone such as Europe/Berlin' },
        ]);
      }
      if (await findTeamByName(db, principal.organisationId, request.body.name)) {
        throw new AppError('conflict', 'a team with this name already exists');
      }
      const team = await ensureTeam(db, principal.organisationId, request.body.name, timezone);
      await recordAudit(db, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        action: 'team.created',
        subjectType: 'team',
        subjectId: team.id,
        changes: { name: team.name, timezone },
      });
      return reply.status(201).send({ id: team.id, name: team.name, timezone: team.timezone });
    },
  );

  app.get(
    '/api/v1/channel-accounts',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['channels'],
        summary: "The organisation's handles and addresses on each channel",
        response: {
          200: Type.Object({ data: Type.Array(ChannelAccountSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({
      data: (await listChannelAccounts(db, principalOf(request).organisationId)).map(present),
    }),
  );

  app.post(
    '/api/v1/channel-accounts',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Add a channel account owned by a team',
        body: Type.Object(
          {
            channel: Type.String({ pattern: '^[a-z][a-z0-9_-]{0,31}$' }),
            handle: Type.String({ minLength: 1, maxLength: 200 }),
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            team_id: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: ChannelAccountSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const teamId = request.body.team_id ?? null;
      if (teamId !== null && !(await findTeamById(db, principal.organisationId, teamId))) {
        throw new AppError('validation_failed', 'unknown team', [
          { path: 'body/team_id', message: 'no team with this id' },
        ]);
      }
      const account = await ensureChannelAccount(db, principal.organisationId, {
        channel: request.body.channel,
        handle: request.body.handle,
        ...(request.body.name ? { name: request.body.name } : {}),
        teamId,
      });
      await recordAudit(db, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        action: 'channel_account.created',
        subjectType: 'channel_account',
        subjectId: account.id,
        changes: { channel: account.channel, handle: account.handle, team_id: account.team_id },
      });
      return reply.status(201).send(present(account));
    },
  );

  app.patch(
    '/api/v1/channel-accounts/:id',
    {
      config: { permission: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Move a channel account to another team',
        params: IdParams,
        body: Type.Object(
          { team_id: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: { 200: ChannelAccountSchema, ...errorResponses },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const account = await findChannelAccountById(db, principal.organisationId, request.params.id);
      if (!account) throw notFound('channel account');
      const teamId = request.body.team_id;
      if (teamId !== null && !(await findTeamById(db, principal.organisationId, teamId))) {
        throw new AppError('validation_failed', 'unknown team', [
          { path: 'body/team_id', message: 'no team with this id' },
        ]);
      }
      await updateChannelAccountTeam(db, principal.organisationId, account.id, teamId);
      await recordAudit(db, {
        organisationId: principal.organisationId,
        actor: actorOf(principal),
        action: 'channel_account.updated',
        subjectType: 'channel_account',
        subjectId: account.id,
        changes: { team_id: { from: account.team_id, to: teamId } },
      });
      return present({ ...account, team_id: teamId });
    },
  );
}
