import type { ApiAnswer } from '../../api/api-client.js';
import { weekdays } from '../../components/format.js';

/** A team's calendar as GET/PUT /api/v1/teams/{id}/calendar read and write it. */
export type TeamCalendar = ApiAnswer<'/api/v1/teams/{id}/calendar'>['calendar'];
export type Hours = TeamCalendar['exceptions'][number]['hours'][number];

export type Weekday = (typeof weekdays)[number] & keyof TeamCalendar['weekly'];

const clock = /^([01]\d|2[0-4]):[0-5]\d$/;

/** Problems the server would refuse anyway, caught before the round trip and said in place. */
export function calendarProblems(calendar: TeamCalendar): string[] {
  const problems: string[] = [];
  for (const day of weekdays) {
    for (const hours of calendar.weekly[day] ?? []) {
      if (!clock.test(hours.start) || !clock.test(hours.end)) {
        problems.push(`${day}: write times as HH:MM, e.g. 09:00 and 17:30`);
      } else if (hours.start === hours.end) {
        problems.push(`${day}: ${hours.start} to ${hours.end} is no time at all`);
      }
    }
  }
  if (weekdays.every((day) => (calendar.weekly[day] ?? []).length === 0)) {
    problems.push('Open at least one weekday, or the team would never be on shift.');
  }
  const dates = new Set<string>();
  for (const exception of calendar.exceptions) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(exception.date)) problems.push('Every holiday needs a date.');
    else if (dates.has(exception.date)) problems.push(`${exception.date} is listed twice.`);
    dates.add(exception.date);
  }
  return problems;
}
