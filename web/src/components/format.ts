/** The days of the week as the API names them, Monday first. */
export const weekdays = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** "14:05" today, "3 Mar, 14:05" on other days; always in the viewer's own timezone. */
export function shortTime(iso: string): string {
  const date = new Date(iso);
  const today = new Date();
  return date.toDateString() === today.toDateString()
    ? timeFormat.format(date)
    : dateTimeFormat.format(date);
}

export function fullTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

/** "5 min", "3 h", "2 d": how long ago, or how long until, for queues and SLA clocks. */
export function duration(milliseconds: number): string {
  const minutes = Math.round(Math.abs(milliseconds) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}

export function contactName(summary: {
  contact: { name: string | null } | null;
  id: number;
}): string {
  return summary.contact?.name ?? `Conversation ${summary.id}`;
}

export function isWaiting(summary: {
  last_inbound_at: string | null;
  last_outbound_at: string | null;
}): boolean {
  if (!summary.last_inbound_at) return false;
  return !summary.last_outbound_at || summary.last_outbound_at < summary.last_inbound_at;
}

/** "+0.42", "−0.84": a score of -1..1 with its sign, as the badges and tables show it. */
export function signed(score: number): string {
  return `${score >= 0 ? '+' : '−'}${Math.abs(score).toFixed(2)}`;
}

/** "bluesky · @acme.example": a channel account as the filters and reports name it. */
export function accountName(account: { channel: string; handle: string }): string {
  return `${account.channel} · ${account.handle}`;
}

export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
}
