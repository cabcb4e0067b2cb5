import type { DemoTeam } from './demo-company.js';
import type { DemoRandom } from './demo-random.js';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Hour (0-23) and weekday (0 = Sunday) of an instant in an IANA timezone. */
export function localClock(instant: number, timezone: string): { hour: number; weekday: number } {
  let format = clockFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hour: 'numeric',
      hourCycle: 'h23',
      weekday: 'short',
    });
    clockFormats.set(timezone, format);
  }
  let hourValue = 0;
  let weekday = 0;
  for (const part of format.formatToParts(instant)) {
    if (part.type === 'hour') hourValue = Number(part.value) % 24;
    if (part.type === 'weekday') weekday = weekdays.indexOf(part.value);
  }
  return { hour: hourValue, weekday };
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** How likely someone writes at a local hour: little at night, peaks mid-morning and evening. */
const activityByHour = [
  0.08, 0.05, 0.03, 0.03, 0.03, 0.06, 0.2, 0.45, 0.7, 0.9, 1, 1, 0.9, 0.85, 0.8, 0.75, 0.75, 0.8,
  0.9, 1, 1, 0.85, 0.55, 0.25,
];

/** A moment on the given day (days before `anchor`) when the customer is plausibly awake. */
export function customerMoment(
  random: DemoRandom,
  anchor: number,
  daysAgo: number,
  timezone: string,
): number {
  const windowStart = anchor - (daysAgo + 1) * day;
  let candidate = windowStart;
  for (let attempt = 0; attempt < 40; attempt++) {
    candidate = windowStart + Math.floor(random.next() * day);
    const weight = activityByHour[localClock(candidate, timezone).hour] ?? 1;
    if (random.next() < weight) break;
  }
  return candidate;
}

function isWorking(instant: number, team: DemoTeam): boolean {
  const clock = localClock(instant, team.timezone);
  if (!team.weekends && (clock.weekday === 0 || clock.weekday === 6)) return false;
  return clock.hour >= team.hours[0] && clock.hour < team.hours[1];
}

/**
 * When an agent of `team` answers a message written at `after`: mostly within the hour, some
 * later, and never outside the team's working hours in its own timezone (the reply then waits
 * for the next morning there, which is what follow-the-sun reports are about).
 */
export function agentMoment(random: DemoRandom, after: number, team: DemoTeam): number {
  const delay = random.weighted([
    [() => random.logUniform(4 * minute, 50 * minute), 0.6],
    [() => random.logUniform(50 * minute, 5 * hour), 0.3],
    [() => random.logUniform(5 * hour, 20 * hour), 0.1],
  ] as const)();
  let candidate = after + Math.round(delay);
  if (isWorking(candidate, team)) return candidate;
  for (let step = 0; step < 4 * 24 * 4 && !isWorking(candidate, team); step++) {
    candidate += 15 * minute;
  }
  return candidate + random.int(5, 75) * minute;
}

/** A customer writing again after `after`. */
export function customerReplyMoment(random: DemoRandom, after: number): number {
  return after + Math.round(random.logUniform(3 * minute, 8 * hour));
}

/** Another customer chiming in on a public post. */
export function crowdMoment(random: DemoRandom, after: number): number {
  return after + Math.round(random.logUniform(4 * minute, 10 * hour));
}
