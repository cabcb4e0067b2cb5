import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedIn, signIn, testApp } from '../../test/http.js';
import { createTestRuntime, type TestRuntime } from '../../test/test-runtime.js';

let runtime: TestRuntime;
let app: FastifyInstance;
let lead: SignedIn;
let teamId: number;

beforeAll(async () => {
  runtime = await createTestRuntime();
  app = await testApp(runtime);
  const admin = await signIn(app, runtime, 'admin');
  lead = await signIn(app, runtime, 'lead');
  const team = await app.inject({
    method: 'POST',
    url: '/api/v1/teams',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
    payload: { name: 'Billing', timezone: 'Australia/Sydney' },
  });
  teamId = team.json().id;
});
afterAll(async () => {
  await app.close();
  await runtime.close();
});

const asLead = () => ({ cookie: lead.cookie, 'x-csrf-token': lead.csrf });
const shift = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '17:00' },
];

describe('team calendar API', () => {
  it('starts around the clock in the team timezone, then takes split shifts and night shifts', async () => {
    const initial = await app.inject({
      method: 'GET',
      url: `/api/v1/teams/${teamId}/calendar`,
      headers: { cookie: lead.cookie },
    });
    expect(initial.json()).toMatchObject({
      custom: false,
      calendar: { timezone: 'Australia/Sydney' },
    });

    const payload = {
      timezone: 'Europe/Berlin',
      weekly: { monday: shift, tuesday: shift, saturday: [{ start: '22:00', end: '06:00' }] },
      exceptions: [
        { date: '2026-12-24', name: 'Christmas Eve', hours: [{ start: '09:00', end: '12:00' }] },
      ],
    };
    const saved = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/calendar`,
      headers: asLead(),
      payload,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().calendar.weekly.saturday).toEqual([{ start: '22:00', end: '06:00' }]);
    expect(saved.json().calendar.weekly.sunday).toEqual([]);
    const teams = await app.inject({
      method: 'GET',
      url: '/api/v1/teams',
      headers: { cookie: lead.cookie },
    });
    expect(teams.json().data.find((team: { id: number }) => team.id === teamId).timezone).toBe(
      'Europe/Berlin',
    );
  });

  it('names every invalid field', async () => {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/v1/teams/${teamId}/calendar`,
      headers: asLead(),
      payload: {
        timezone: 'Mars/Olympus',
        weekly: {
          monday: [
            { start: '25:00', end: '10:00' },
            { start: '10:00', end: '10:00' },
          ],
        },
        exceptions: [{ date: '2026-02-30', name: 'x', hours: [] }],
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields.map((field: { path: string }) => field.path)).toEqual([
      'body/timezone',
      'body/weekly/monday/0/start',
      'body/weekly/monday/1',
      'body/exceptions/0/date',
    ]);
  });

  it('imports holidays from an .ics body or from JSON, and reports problems with their line', async () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20261225',
      'DTEND;VALUE=DATE:20261227',
      'SUMMARY:Christmas',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const imported = await app.inject({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/calendar/holidays/ical`,
      headers: { ...asLead(), 'content-type': 'text/calendar' },
      payload: ics,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().imported).toBe(2);
    expect(
      imported.json().calendar.exceptions.map((exception: { date: string }) => exception.date),
    ).toEqual(['2026-12-24', '2026-12-25', '2026-12-26']);

    const broken = await app.inject({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/calendar/holidays/ical`,
      headers: asLead(),
      payload: {
        ics: 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:2026-12-31\nEND:VEVENT\nEND:VCALENDAR',
      },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.fields).toEqual([
      { path: 'ics/line 3', message: 'DTSTART "2026-12-31" is not a date like 20261225' },
    ]);

    const agent = await signIn(app, runtime, 'agent');
    const refused = await app.inject({
      method: 'POST',
      url: `/api/v1/teams/${teamId}/calendar/holidays/ical`,
      headers: {
        cookie: agent.cookie,
        'x-csrf-token': agent.csrf,
        'content-type': 'text/calendar',
      },
      payload: ics,
    });
    expect(refused.statusCode).toBe(403);
  });
});
