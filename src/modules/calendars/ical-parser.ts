import { isValidTimezone } from '../../platform/time.js';

/**
 * A small reader for the part of iCalendar (RFC 5545) that holiday feeds use: VEVENTs with
 * DTSTART, DTEND (or DURATION of whole days), SUMMARY and yearly RRULEs. Everything else
 * (VTIMEZONE, VALARM, other properties) is skipped. Problems are reported with the line they
 * are on, all at once.
 */
export type IcalTime =
  | { kind: 'date'; date: string }
  /** `timezone` null: a UTC time (trailing Z). */
  | { kind: 'date-time'; date: string; minute: number; timezone: string | null }
  /** No Z and no TZID: the wall time of whoever reads it (the team's timezone). */
  | { kind: 'floating'; date: string; minute: number };

export interface IcalEvent {
  line: number;
  summary: string;
  start: IcalTime;
  end: IcalTime | null;
  /** FREQ=YEARLY: repeat every year, up to `count` occurrences or the `until` date. */
  yearly: { count: number | null; until: string | null } | null;
}

export interface IcalProblem {
  line: number;
  message: string;
}

interface ContentLine {
  line: number;
  name: string;
  params: Map<string, string>;
  value: string;
}

/** Joins folded lines (a line starting with a space or tab continues the previous one). */
function unfold(text: string): { line: number; text: string }[] {
  const lines: { line: number; text: string }[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, index) => {
    const last = lines[lines.length - 1];
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && last) {
      last.text += raw.slice(1);
    } else if (raw.trim() !== '') {
      lines.push({ line: index + 1, text: raw });
    }
  });
  return lines;
}

function parseContentLine(line: number, text: string): ContentLine | IcalProblem {
  let quoted = false;
  let colon = -1;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '"') quoted = !quoted;
    else if (character === ':' && !quoted) {
      colon = index;
      break;
    }
  }
  if (colon === -1) return { line, message: `expected NAME:value, found "${text.slice(0, 40)}"` };
  const [name = '', ...rawParams] = text.slice(0, colon).split(';');
  const params = new Map<string, string>();
  for (const param of rawParams) {
    const equals = param.indexOf('=');
    if (equals === -1) continue;
    params.set(
      param.slice(0, equals).toUpperCase(),
      param.slice(equals + 1).replace(/^"(.*)"$/, '$1'),
    );
  }
  return { line, name: name.toUpperCase(), params, value: text.slice(colon + 1) };
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, character: string) =>
    character === 'n' || character === 'N' ? '\n' : character,
  );
}

function isoDateOf(compact: string): string | null {
  const date = `${compact.slice(0, 4)}-${compact.slice(4, 6)}-${compact.slice(6, 8)}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(date) ? date : null;
}

function parseTime(property: ContentLine): IcalTime | string {
  const value = property.value.trim();
  const isDate = property.params.get('VALUE') === 'DATE' || /^\d{8}$/.test(value);
  if (isDate) {
    const date = /^\d{8}$/.test(value) ? isoDateOf(value) : null;
    return date
      ? { kind: 'date', date }
      : `${property.name} "${value}" is not a date like 20261225`;
  }
  const match = /^(\d{8})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value);
  const date = match ? isoDateOf(match[1] as string) : null;
  if (!match || !date || Number(match[2]) > 23 || Number(match[3]) > 59) {
    return `${property.name} "${value}" is not a date-time like 20261224T120000Z`;
  }
  const minute = Number(match[2]) * 60 + Number(match[3]) + Number(match[4]) / 60;
  if (match[5] === 'Z') return { kind: 'date-time', date, minute, timezone: null };
  const timezone = property.params.get('TZID');
  if (timezone === undefined) return { kind: 'floating', date, minute };
  if (!isValidTimezone(timezone)) {
    return `TZID "${timezone}" is not an IANA timezone (use names like Europe/Berlin)`;
  }
  return { kind: 'date-time', date, minute, timezone };
}

/** `P1D`, `P2W`: whole days only, the durations holiday feeds use. */
function durationDays(value: string): number | null {
  const match = /^P(?:(\d+)W|(\d+)D)$/.exec(value.trim());
  if (!match) return null;
  return match[1] !== undefined ? Number(match[1]) * 7 : Number(match[2]);
}

function parseRule(value: string): IcalEvent['yearly'] | string {
  const parts = new Map(
    value.split(';').map((part) => {
      const [key = '', ...rest] = part.split('=');
      return [key.toUpperCase(), rest.join('=')] as const;
    }),
  );
  if (parts.get('FREQ') !== 'YEARLY') {
    return `only yearly repeating events are supported, found RRULE:${value}`;
  }
  for (const key of parts.keys()) {
    if (!['FREQ', 'COUNT', 'UNTIL', 'INTERVAL', 'BYMONTH', 'BYMONTHDAY'].includes(key)) {
      return `RRULE part ${key} is not supported (a holiday that moves each year needs one event per year)`;
    }
  }
  if ((parts.get('INTERVAL') ?? '1') !== '1') return 'RRULE INTERVAL other than 1 is not supported';
  const count = parts.get('COUNT');
  const until = parts.get('UNTIL');
  const untilDate = until ? isoDateOf(until.slice(0, 8)) : null;
  if (until && !untilDate) return `RRULE UNTIL "${until}" is not a date`;
  if (count !== undefined && !/^\d+$/.test(count)) return `RRULE COUNT "${count}" is not a number`;
  return { count: count === undefined ? null : Number(count), until: untilDate };
}

export function parseIcal(text: string): { events: IcalEvent[]; problems: IcalProblem[] } {
  const events: IcalEvent[] = [];
  const problems: IcalProblem[] = [];
  const lines = unfold(text.replace(/^\uFEFF/, ''));
  const first = lines[0];
  if (first?.text.trim().toUpperCase() !== 'BEGIN:VCALENDAR') {
    return {
      events,
      problems: [
        {
          line: first?.line ?? 1,
          message: 'not an iCalendar file: it must start with BEGIN:VCALENDAR',
        },
      ],
    };
  }
  const stack: string[] = [];
  let current: Map<string, ContentLine> | null = null;
  let eventLine = 0;
  for (const { line, text: content } of lines) {
    const parsed = parseContentLine(line, content);
    if ('message' in parsed) {
      problems.push(parsed);
      continue;
    }
    if (parsed.name === 'BEGIN') {
      const component = parsed.value.trim().toUpperCase();
      stack.push(component);
      if (component === 'VEVENT' && stack.length === 2) {
        current = new Map();
        eventLine = line;
      }
      continue;
    }
    if (parsed.name === 'END') {
      const component = parsed.value.trim().toUpperCase();
      if (stack[stack.length - 1] !== component) {
        problems.push({
          line,
          message: `END:${component} does not close BEGIN:${stack[stack.length - 1] ?? '(nothing)'}`,
        });
        continue;
      }
      stack.pop();
      if (component === 'VEVENT' && current) {
        const event = buildEvent(eventLine, current, problems);
        if (event) events.push(event);
        current = null;
      }
      continue;
    }
    if (current && stack.length === 2 && !current.has(parsed.name))
      current.set(parsed.name, parsed);
  }
  if (stack.length > 0) {
    problems.push({
      line: lines[lines.length - 1]?.line ?? 1,
      message: `BEGIN:${stack[stack.length - 1]} is never closed`,
    });
  }
  return { events, problems };
}

function buildEvent(
  line: number,
  properties: Map<string, ContentLine>,
  problems: IcalProblem[],
): IcalEvent | null {
  const startProperty = properties.get('DTSTART');
  if (!startProperty) {
    problems.push({ line, message: 'VEVENT without DTSTART' });
    return null;
  }
  const start = parseTime(startProperty);
  if (typeof start === 'string') {
    problems.push({ line: startProperty.line, message: start });
    return null;
  }
  let end: IcalTime | null = null;
  const endProperty = properties.get('DTEND');
  const durationProperty = properties.get('DURATION');
  if (endProperty) {
    const parsed = parseTime(endProperty);
    if (typeof parsed === 'string') {
      problems.push({ line: endProperty.line, message: parsed });
      return null;
    }
    if (parsed.kind !== start.kind && !(parsed.kind !== 'date' && start.kind !== 'date')) {
      problems.push({
        line: endProperty.line,
        message: 'DTEND must be a date when DTSTART is a date, and a date-time otherwise',
      });
      return null;
    }
    end = parsed;
  } else if (durationProperty && start.kind === 'date') {
    const days = durationDays(durationProperty.value);
    if (days === null) {
      problems.push({
        line: durationProperty.line,
        message: 'DURATION must be whole days (P1D) for an all-day event',
      });
      return null;
    }
    const endDay = new Date(`${start.date}T00:00:00Z`).getTime() + days * 86_400_000;
    end = { kind: 'date', date: new Date(endDay).toISOString().slice(0, 10) };
  }
  let yearly: IcalEvent['yearly'] = null;
  const ruleProperty = properties.get('RRULE');
  if (ruleProperty) {
    const rule = parseRule(ruleProperty.value);
    if (typeof rule === 'string') {
      problems.push({ line: ruleProperty.line, message: rule });
      return null;
    }
    yearly = rule;
  }
  const summary = unescapeText(properties.get('SUMMARY')?.value ?? '').trim() || 'Holiday';
  return { line, summary, start, end, yearly };
}
