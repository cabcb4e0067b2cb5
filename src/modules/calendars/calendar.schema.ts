import { Type } from '@sinclair/typebox';
import { refTo } from '../../server/route-types.js';
import { weekdayNames } from './calendar-format.js';

const Hours = Type.Object(
  {
    start: Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'Local time, 00:00-23:59.' }),
    end: Type.String({
      pattern: '^\\d{2}:\\d{2}$',
      description: 'Local time up to 24:00; at or before start means the next day.',
    }),
  },
  { additionalProperties: false, $id: 'CalendarHours' },
);
const HoursList = Type.Array(refTo(Hours), { maxItems: 12 });

export const CalendarBody = Type.Object(
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
          hours: Type.Array(refTo(Hours), {
            maxItems: 12,
            description: 'Special hours of the date; empty means closed all day.',
          }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false, $id: 'Calendar' },
);

export const CalendarResponse = Type.Object(
  {
    team_id: Type.Integer(),
    custom: Type.Boolean({
      description: 'false: no calendar set, the team counts around the clock.',
    }),
    calendar: refTo(CalendarBody),
    imported: Type.Optional(Type.Integer()),
  },
  { $id: 'TeamCalendar' },
);

/** Shapes that several routes share, registered once (`Type.Ref` points at them). */
export const calendarSchemas = [Hours, CalendarBody, CalendarResponse];

export const HolidayImportBody = Type.Union([
  Type.String({ maxLength: 2_000_000 }),
  Type.Object({ ics: Type.String({ maxLength: 2_000_000 }) }, { additionalProperties: false }),
]);
