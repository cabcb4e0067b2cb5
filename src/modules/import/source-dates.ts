const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const twitterDate =
  /^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * Parses Twitter's legacy format `Tue Oct 31 22:10:47 +0000 2017` to epoch milliseconds; done by
 * hand because Date.parse of non-ISO strings is implementation-defined.
 */
export function parseTwitterDate(text: string): number | undefined {
  const match = twitterDate.exec(text);
  if (!match) return undefined;
  const [, monthName, day, hour, minute, second, sign, offsetHours, offsetMinutes, year] = match;
  const month = months.indexOf((monthName as string).toLowerCase());
  if (month === -1) return undefined;
  const local = Date.UTC(
    Number(year),
    month,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset = (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  const instant = sign === '-' ? local + offset : local - offset;
  // Date.UTC rolls Oct 32 or 25:00 over; reading the fields back refuses such dates.
  const check = new Date(local);
  if (check.getUTCDate() !== Number(day) || check.getUTCHours() !== Number(hour)) return undefined;
  if (Number(minute) > 59 || Number(second) > 59) return undefined;
  return instant;
}

const offsetDate = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2}) ?([+-])(\d{2}):?(\d{2})$/;

/**
 * Turns `2015-02-24 11:35:52 -0800` into ISO 8601 with the same offset
 * (`2015-02-24T11:35:52-08:00`), keeping the writer's local time visible in the stored payload.
 */
export function offsetDateToIso(text: string): string | undefined {
  const match = offsetDate.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, sign, offsetHours, offsetMinutes] = match;
  const iso = `${year}-${month}-${day}T${hour}:${minute}:${second}${sign}${offsetHours}:${offsetMinutes}`;
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return undefined;
  // Date.parse rolls 2015-02-30 over to March; compare the fields back to refuse it.
  const utc = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset =
    (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000 * (sign === '-' ? -1 : 1);
  if (utc - offset !== instant || new Date(utc).getUTCDate() !== Number(day)) return undefined;
  return iso;
}
