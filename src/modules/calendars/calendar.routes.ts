import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { errorResponses, IdParams, principalOf } from '../../server/route-types.js';
import {
  calendarOfTeam,
  importTeamHolidays,
  replaceTeamCalendar,
  type TeamCalendarView,
} from './calendar.service.js';
import { calendarText, weekdayNames } from './calendar-format.js';

const Hours = Type.Object(
  {
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time, 00:00-23:59.' }),
    end: Type.String({
      pattern: '^\\d{2}:\\d{2}$',
      description: 'Local time up to 24:00; at or before start means the next day.',
    }),
  },
  { additionalProperties: false },
);
const HoursList = Type.Array(Hours, { maxItems: 12 });

const CalendarBody = Type.Object(
  {
    timezone: Type.String({ minLength: 1, maxLength: 64, description: 'IANA timezone.' }),
    weekly: Type.Object(
      Object.fromEntries(weekdayNames.map((name) => [name, Type.Optional(HoursList)])),
      { additionalProperties: false },
    ),
    exceptions: Type.Array(
      Type.Object(
        {
          date: Type.String({ description: 'YYYY-MM-DD, a local date of the team.' }),
          name: Type.String({ maxLength: 200 }),
          hours: Type.Array(Hours, {
            maxItems: 12,
            description: 'Special hours of the date; empty means closed all day.',
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);

const CalendarResponse = Type.Object({
  team_id: Type.Integer(),
  custom: Type.Boolean({
    description: 'false: no calendar set, the team counts around the clock.',
  }),
  calendar: CalendarBody,
  imported: Type.Optional(Type.Integer()),
});

function present(view: TeamCalendarView & { imported?: number }) {
  return {
    team_id: view.teamId,
    custom: view.custom,
    calendar: calendarText(view.calendar) as never,
    ...(view.imported === undefined ? {} : { imported: view.imported }),
  };
}

export function registerCalendarRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  if (!app.hasContentTypeParser('text/calendar')) {
    app.addContentTypeParser('text/calendar', { parseAs: 'string' }, (_request, body, done) =>
      done(null, body),
    );
  }

  app.get(
    '/api/v1/teams/:id/calendar',
    {
      config: { permission: 'conversations:read' },
      schema: {
        tags: ['teams'],
        summary: "A team's business hours, holidays and date exceptions",
        params: IdParams,
        response: { 200: CalendarResponse, ...errorResponses },
      },
    },
    async (request) =>
      present(
        await calendarOfTeam(
          context.database.db,
          principalOf(request).organisationId,
          request.params.id,
        ),
      ),
  );

  app.put(
    '/api/v1/teams/:id/calendar',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['teams'],
        summary: "Replace a team's calendar; due times of its open conversations are recomputed",
        params: IdParams,
        body: CalendarBody,
        response: { 200: CalendarResponse, ...errorResponses },
      },
    },
    async (request) =>
      present(
        await replaceTeamCalendar(context, principalOf(request), request.params.id, {
          timezone: request.body.timezone,
          weekly: request.body.weekly,
          exceptions: request.body.exceptions,
        }),
      ),
  );

  app.post(
    '/api/v1/teams/:id/calendar/holidays/ical',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['teams'],
        summary: 'Import holidays from an iCalendar file (text/calendar body, or JSON {"ics"})',
        params: IdParams,
        body: Type.Union([
          Type.String({ maxLength: 2_000_000 }),
          Type.Object(
            { ics: Type.String({ maxLength: 2_000_000 }) },
            { additionalProperties: false },
          ),
        ]),
        response: { 200: CalendarResponse, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const ics = typeof body === 'string' ? body : body.ics;
      if (ics.trim() === '') throw new AppError('validation_failed', 'the iCalendar file is empty');
      return present(
        await importTeamHolidays(context, principalOf(request), request.params.id, ics),
      );
    },
  );
}
