import type { AppContext } from '../../platform/context.js';
import { chunksOf } from '../../platform/database/chunks.js';
import { systemPrincipal } from '../auth/index.js';
import { ensureTeamCalendar } from '../calendars/index.js';
import { ensureChannelAccount } from '../channels/index.js';
import { acceptInbound } from '../ingest/index.js';
import { ensurePolicies } from '../sla/index.js';
import { ensureTeam } from '../teams/index.js';
import { type DemoTeamKey, demoAccounts, demoTeams } from './demo-company.js';
import { defaultDemoSeed } from './demo-conversations.js';
import { buildDemoMessages } from './demo-messages.js';
import { demoCalendar, demoSlaPolicies } from './demo-service-levels.js';
import { type CreatedDemoUser, seedDemoStaff } from './demo-staff.js';
import { type SeededWorkspace, seedDemoWorkspace } from './demo-workspace.js';

/** What the demo needs from the running instance (a CLI runtime or a test runtime). */
export interface DemoRuntime extends AppContext {
  organisationId: number;
  worker: { drain(): Promise<void> };
}

export interface DemoOptions {
  seed?: number;
  /** The end of the demo's 14 days (default: now). */
  now?: number;
  /** Process the messages before returning (default); false leaves them to a worker. */
  process?: boolean;
}

export interface DemoSummary {
  seed: number;
  teams: number;
  channelAccounts: number;
  /** Business-hours calendars and SLA policies this run created (0 when they were there). */
  calendarsCreated: number;
  slaPoliciesCreated: number;
  messages: number;
  accepted: number;
  duplicates: number;
  processed: boolean;
  /** Users this run created, with their passwords: shown once, never stored in clear. */
  usersCreated: CreatedDemoUser[];
  /** Labels, canned replies and rules this run created; conversations it labelled and assigned. */
  workspace: SeededWorkspace | null;
}

const batchSize = 1000;

/**
 * Fills the instance with the Wrenfield Bank demo: its teams with their business hours, its SLA
 * policies and channel accounts first (so each account belongs to the right team rather than to
 * one provisioned on first sight, and the SLA clocks run as the messages arrive), then a
 * fortnight of conversations through the same ingest path as real messages. Running it again
 * adds nothing: the teams, calendars, policies and accounts exist, and every message id is
 * already stored.
 */
export async function seedDemo(
  runtime: DemoRuntime,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const seed = options.seed ?? defaultDemoSeed;
  const { db } = runtime.database;
  const teamIds = new Map<DemoTeamKey, number>();
  let calendarsCreated = 0;
  for (const team of demoTeams) {
    const row = await ensureTeam(db, runtime.organisationId, team.name, team.timezone);
    teamIds.set(team.key, row.id);
    const calendar = demoCalendar(team);
    if (await ensureTeamCalendar(runtime.database, runtime.organisationId, row.id, calendar)) {
      calendarsCreated++;
    }
  }
  const slaPoliciesCreated = await ensurePolicies(
    runtime.database,
    runtime.organisationId,
    demoSlaPolicies,
  );
  for (const account of demoAccounts) {
    await ensureChannelAccount(db, runtime.organisationId, {
      channel: account.channel,
      handle: account.handle,
      name: account.name,
      teamId: teamIds.get(account.team) ?? null,
    });
  }

  const messages = buildDemoMessages(seed, options.now ?? Date.now());
  const summary: DemoSummary = {
    seed,
    teams: demoTeams.length,
    channelAccounts: demoAccounts.length,
    calendarsCreated,
    slaPoliciesCreated,
    messages: messages.length,
    accepted: 0,
    duplicates: 0,
    processed: false,
    usersCreated: [],
    workspace: null,
  };
  for (const batch of chunksOf(messages, batchSize)) {
    const result = await acceptInbound(runtime.database, runtime.organisationId, batch, 'demo');
    summary.accepted += result.accepted;
    summary.duplicates += result.duplicates;
  }
  const principal = systemPrincipal(runtime.organisationId, 'hearken demo');
  const staff = await seedDemoStaff(runtime, principal, teamIds);
  summary.usersCreated = staff.created;
  if (options.process ?? true) {
    await runtime.worker.drain();
    summary.processed = true;
    // Labels and assignments need the conversations the messages made.
    summary.workspace = await seedDemoWorkspace(runtime, principal, teamIds, staff.workers);
    await runtime.worker.drain();
  }
  return summary;
}
