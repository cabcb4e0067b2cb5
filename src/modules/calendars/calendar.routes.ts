import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../platform/context.js';
import { errorResponses, IdParams, principalOf, refTo } from '../../server/route-types.js';
import { presentTeamCalendar } from './calendar.presenter.js';
import {
  CalendarBody,
  CalendarResponse,
  calendarSchemas,
  HolidayImportBody,
} from './calendar.schema.js';
import { importTeamHolidays, replaceTeamCalendar, teamCalendar } from './calendar.service.js';

export function registerCalendarRoutes(base: FastifyInstance, context: AppContext): void {
  const app = base.withTypeProvider<TypeBoxTypeProvider>();
  for (const schema of calendarSchemas) app.addSchema(schema);
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
        response: { 200: refTo(CalendarResponse), ...errorResponses },
      },
    },
    async (request) =>
      presentTeamCalendar(await teamCalendar(context, principalOf(request), request.params.id)),
  );

  app.put(
    '/api/v1/teams/:id/calendar',
    {
      config: { permission: 'settings:write' },
      schema: {
        tags: ['teams'],
        summary: "Replace a team's calendar; due times of its open conversations are recomputed",
        params: IdParams,
        body: refTo(CalendarBody),
        response: { 200: refTo(CalendarResponse), ...errorResponses },
      },
    },
    async (request) =>
      presentTeamCalendar(
        await replaceTeamCalendar(context, principalOf(request), request.params.id, request.body),
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
        body: HolidayImportBody,
        response: { 200: refTo(CalendarResponse), ...errorResponses },
      },
    },
    async (request) => {
      const ics = typeof request.body === 'string' ? request.body : request.body.ics;
      return presentTeamCalendar(
        await importTeamHolidays(context, principalOf(request), request.params.id, ics),
      );
    },
  );
}
