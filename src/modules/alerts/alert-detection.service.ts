import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import type { DomainEvent } from '../../platform/events.js';
import { exampleMessages, findTheme, hourMilliseconds } from '../themes/index.js';
import {
  earliestVolumeHour,
  findChannelAccountHandle,
  insertAlert,
  latestAlertOfSeries,
  staleAlerts,
  updateAlert,
  volumesAt,
} from './alert.repository.js';
import { notifyAlertOpened } from './alert-notifier.js';
import {
  allComparableHours,
  type Baseline,
  baseline,
  type DetectorOptions,
  higherSeverity,
  judge,
  type Verdict,
} from './spike-detector.js';
import { VolumeHistory } from './volume-history.js';
import { type Candidate, mostSpecific, seriesCounts, seriesKeyText } from './volume-series.js';

/** The earliest hour any baseline of `hour` reads (see `allComparableHours`). */
function earliestReach(hour: number, options: DetectorOptions): number {
  return hour - (options.levelWindowHours + 4 * 7 * 24) * hourMilliseconds;
}

export interface DetectionSettings {
  detector: DetectorOptions;
  /** Quiet hours after which a spike is over (auto-resolved) and a new one may alert. */
  cooldownHours: number;
  emailRecipients: string[] | null;
}

interface Spike extends Candidate {
  text: string;
  base: Baseline;
  verdict: Verdict;
}

/**
 * Runs the detector for the given hours (the hours a batch of messages fell into, whether live or
 * imported) and moves alerts through their states: a spike opens an alert once; further spiking
 * hours of the same series within the cooldown update it (even after someone resolved it, since
 * the backlash is still the same one); an alert whose series stays quiet for the cooldown is
 * resolved by the system.
 */
export async function detectSpikes(
  db: Kysely<Database>,
  organisationId: number,
  hours: number[],
  now: number,
  settings: DetectionSettings,
): Promise<DomainEvent[]> {
  const events: DomainEvent[] = [];
  const dataStart = await earliestVolumeHour(db, organisationId);
  if (dataStart === null) return events;
  const ordered = [...new Set(hours)].filter((hour) => hour <= now).sort((a, b) => a - b);
  const history = await VolumeHistory.open(db, organisationId);
  for (const hour of ordered) {
    history.forgetBefore(earliestReach(hour, settings.detector));
    const spikes = await spikesAt(db, organisationId, hour, dataStart, settings.detector, history);
    for (const spike of mostSpecific(spikes)) {
      const event = await recordSpike(db, organisationId, hour, spike, now, settings);
      if (event) events.push(event);
    }
  }
  const latest = ordered[ordered.length - 1];
  if (latest !== undefined) {
    const quietSince = latest - settings.cooldownHours * hourMilliseconds;
    for (const alert of await staleAlerts(db, organisationId, quietSince)) {
      await updateAlert(db, alert.id, { status: 'resolved', resolved_at: now, updated_at: now });
      events.push({ type: 'alert.updated', organisationId, alertId: alert.id, status: 'resolved' });
    }
  }
  return events;
}

async function spikesAt(
  db: Kysely<Database>,
  organisationId: number,
  hour: number,
  dataStart: number,
  options: DetectorOptions,
  history: VolumeHistory,
): Promise<Spike[]> {
  const current = seriesCounts(await volumesAt(db, organisationId, [hour]));
  const candidates = [...current.values()].filter(
    (series) => (series.byHour.get(hour) ?? 0) >= options.minimumCount,
  );
  if (candidates.length === 0) return [];
  // The history of the candidate series only, from hours read once and kept (VolumeHistory):
  // the same sums as reading the candidates' accounts and themes at those hours.
  const keys = candidates.map((candidate) => candidate.key);
  const past = await history.counts(keys, allComparableHours(hour, dataStart, options));
  const spikes: Spike[] = [];
  candidates.forEach(({ key, byHour }, index) => {
    const text = seriesKeyText(key);
    const base = baseline(hour, dataStart, past[index] ?? (() => 0), options);
    const count = byHour.get(hour) ?? 0;
    const verdict = judge(count, base, hour, dataStart, options);
    if (verdict.spike) spikes.push({ key, text, count, expected: base.expected, base, verdict });
  });
  return spikes;
}

async function recordSpike(
  db: Kysely<Database>,
  organisationId: number,
  hour: number,
  spike: Spike,
  now: number,
  settings: DetectionSettings,
): Promise<DomainEvent | null> {
  const previous = await latestAlertOfSeries(db, organisationId, spike.text);
  const cooldown = settings.cooldownHours * hourMilliseconds;
  const ongoing = (alert: typeof previous) =>
    alert !== undefined &&
    hour - alert.last_hour_start <= cooldown &&
    hour >= alert.first_hour_start;
  // The same backlash can cross the minimum count in its negative series one hour and in its
  // all-sentiment series the next: that is one alert, not two.
  const sibling = ongoing(previous)
    ? undefined
    : await latestAlertOfSeries(
        db,
        organisationId,
        seriesKeyText({
          ...spike.key,
          sentiment: spike.key.sentiment === 'all' ? 'negative' : 'all',
        }),
      );
  const current = ongoing(previous) ? previous : ongoing(sibling) ? sibling : undefined;
  if (current) {
    const previous = current;
    const sameHour = hour === previous.last_hour_start;
    const severity = higherSeverity(previous.severity, spike.verdict.severity);
    await updateAlert(db, previous.id, {
      last_hour_start: Math.max(hour, previous.last_hour_start),
      observed_count: sameHour ? Math.max(spike.count, previous.observed_count) : spike.count,
      expected_count: spike.expected,
      score: Math.max(spike.verdict.score, previous.score),
      severity,
      summary: await describe(db, organisationId, spike),
      updated_at: now,
    });
    return severity !== previous.severity
      ? { type: 'alert.updated', organisationId, alertId: previous.id, status: previous.status }
      : null;
  }
  if (previous && previous.status !== 'resolved') {
    await updateAlert(db, previous.id, { status: 'resolved', resolved_at: now, updated_at: now });
  }
  const examples = await exampleMessages(db, {
    organisationId,
    themeId: spike.key.themeId,
    channelAccountId: spike.key.channelAccountId,
    sentiment: spike.key.sentiment === 'negative' ? 'negative' : null,
    from: hour,
    to: hour + hourMilliseconds,
    limit: 3,
  });
  const id = await insertAlert(db, {
    organisation_id: organisationId,
    series_key: spike.text,
    channel_account_id: spike.key.channelAccountId,
    theme_id: spike.key.themeId,
    sentiment: spike.key.sentiment,
    status: 'open',
    severity: spike.verdict.severity,
    first_hour_start: hour,
    last_hour_start: hour,
    observed_count: spike.count,
    expected_count: spike.expected,
    score: spike.verdict.score,
    summary: await describe(db, organisationId, spike),
    example_message_ids: JSON.stringify(examples),
    opened_at: now,
    acknowledged_at: null,
    acknowledged_by_user_id: null,
    resolved_at: null,
    resolved_by_user_id: null,
    updated_at: now,
  });
  await notifyAlertOpened(db, organisationId, id, settings.emailRecipients, now);
  return { type: 'alert.opened', organisationId, alertId: id };
}

/** "negative mentions of 'fee' on @AcmeBank: 48 in the hour from 14:00 UTC vs 3 expected". */
async function describe(
  db: Kysely<Database>,
  organisationId: number,
  spike: Spike,
): Promise<string> {
  const { key } = spike;
  const parts = [key.sentiment === 'negative' ? 'negative mentions' : 'mentions'];
  if (key.themeId !== null) {
    const theme = await findTheme(db, organisationId, key.themeId);
    parts.push(`of '${theme?.pinned_label ?? theme?.label ?? `theme ${key.themeId}`}'`);
  }
  if (key.channelAccountId !== null) {
    const handle =
      (await findChannelAccountHandle(db, key.channelAccountId)) ??
      `account ${key.channelAccountId}`;
    parts.push(`on ${handle.startsWith('@') ? handle : `@${handle}`}`);
  }
  const expected = Math.round(spike.expected * 10) / 10;
  const basis = `${spike.base.basis.replaceAll('_', ' ')} median`;
  const level = spike.base.level === 1 ? '' : ` x ${spike.base.level} recent level`;
  return `${parts.join(' ')}: ${spike.count} in the hour vs ${expected} expected (${basis}${level})`;
}
