import type { AppContext } from '../../platform/context.js';
import type { Principal } from '../auth/index.js';
import { cannedRepliesOf, createCannedReply } from '../canned-replies/index.js';
import { changeConversation, listForPrincipal } from '../conversations/index.js';
import { createLabel, labelsOf, setConversationLabels } from '../labels/index.js';
import { createRule, rulesOf } from '../routing/index.js';
import { type DemoTeamKey, demoCompany } from './demo-company.js';
import type { DemoWorker } from './demo-staff.js';

/**
 * What an organisation sets up around its inbox, for the demo: labels, canned replies and routing
 * rules, the labels on the conversations the rules describe, and conversations assigned to the
 * teams' people so that "Mine" and "My teams" show real work. Each piece is made once: a second
 * run finds it by name and leaves it.
 */
const { fee, feeWaiver, fixedAppVersion } = demoCompany;

export const demoLabels = [
  { name: 'Fee protest', colour: 'red', keywords: ['monthly fee', 'account fee', 'new fee'] },
  { name: 'App sign-in', colour: 'amber', keywords: ['logged me out', 'log in', 'sign in'] },
  { name: 'Exemption request', colour: 'violet', keywords: ['exempt', 'exemption'] },
  { name: 'Praise', colour: 'green', keywords: [] },
] as const;

export const demoCannedReplies = [
  {
    shortcut: 'fee',
    title: 'The new account fee',
    body: `Hi {{contact.name}}, {{agent.name}} here. The ${fee} monthly fee starts on the 1st and is not charged in any month where ${feeWaiver} or more is paid in; students, customers under 25 and pensioners are exempt. Your feedback goes to the team reviewing the change.`,
  },
  {
    shortcut: 'exempt',
    title: 'Check an exemption',
    body: 'Hi {{contact.name}}, I can check whether you qualify for an exemption. Please reply with your customer number (never your PIN or password) and I will come back to you today. – {{agent.name}}',
  },
  {
    shortcut: 'signin',
    title: 'App sign-in fix',
    body: `Sorry about the sign-in trouble, {{contact.name}}. Version ${fixedAppVersion} of the app fixes it: please update from your app store and sign in again. If it still fails, reply here and quote case {{conversation.id}}.`,
  },
  {
    shortcut: 'thanks',
    title: 'Thanks for the kind words',
    body: 'Thank you, {{contact.name}}! I will pass this on to the team. – {{agent.name}}',
  },
] as const;

/** Routing rules for new conversations, in the order they are evaluated. */
const demoRules: { name: string; team: DemoTeamKey; label: string; keywords: string[] }[] = [
  {
    name: 'Fee complaints go to Billing',
    team: 'billing',
    label: 'Fee protest',
    keywords: ['monthly fee', 'account fee', 'new fee', '#WrenfieldFees'],
  },
  {
    name: 'App sign-in problems go to Product',
    team: 'product',
    label: 'App sign-in',
    keywords: ['logged me out', 'log in', 'sign in', 'face id'],
  },
];

/** Open conversations each demo person is given to work on (leads get fewer). */
const assignedPerAgent = 4;
const assignedPerLead = 2;

export interface SeededWorkspace {
  labelsCreated: number;
  cannedRepliesCreated: number;
  rulesCreated: number;
  labelled: number;
  assigned: number;
}

export async function seedDemoWorkspace(
  context: AppContext,
  principal: Principal,
  teamIds: ReadonlyMap<DemoTeamKey, number>,
  people: DemoWorker[],
): Promise<SeededWorkspace> {
  const result: SeededWorkspace = {
    labelsCreated: 0,
    cannedRepliesCreated: 0,
    rulesCreated: 0,
    labelled: 0,
    assigned: 0,
  };
  const labelIds = new Map<string, number>();
  for (const label of await labelsOf(context, principal)) labelIds.set(label.name, label.id);
  for (const label of demoLabels) {
    if (labelIds.has(label.name)) continue;
    const created = await createLabel(context, principal, label);
    labelIds.set(label.name, created.id);
    result.labelsCreated++;
  }

  const shortcuts = new Set((await cannedRepliesOf(context, principal)).map((row) => row.shortcut));
  for (const reply of demoCannedReplies) {
    if (shortcuts.has(reply.shortcut)) continue;
    await createCannedReply(context, principal, reply);
    result.cannedRepliesCreated++;
  }

  const ruleNames = new Set((await rulesOf(context, principal)).map((rule) => rule.name));
  for (const rule of demoRules) {
    const teamId = teamIds.get(rule.team);
    const labelId = labelIds.get(rule.label);
    if (ruleNames.has(rule.name) || teamId === undefined || labelId === undefined) continue;
    await createRule(context, principal, {
      name: rule.name,
      conditions: { keywords: rule.keywords },
      team_id: teamId,
      label_id: labelId,
    });
    result.rulesCreated++;
  }

  // The labels the rules would have put on the conversations already there, found by the same
  // words through the inbox's own search.
  for (const label of demoLabels) {
    const labelId = labelIds.get(label.name);
    if (labelId === undefined) continue;
    for (const keyword of label.keywords) {
      const page = await listForPrincipal(context, principal, { q: keyword, limit: 200 });
      for (const row of page.rows) {
        if (row.labels.some((existing) => existing.id === labelId)) continue;
        await setConversationLabels(context, principal, row.id, [
          ...row.labels.map((existing) => existing.id),
          labelId,
        ]);
        result.labelled++;
      }
    }
  }

  // Work for each person: the team's open conversations whose customers have waited longest.
  for (const person of people) {
    const teamId = teamIds.get(person.teamKey);
    if (teamId === undefined) continue;
    const wanted = person.lead ? assignedPerLead : assignedPerAgent;
    const held = await listForPrincipal(context, principal, {
      status: 'open',
      assignee_id: person.userId,
      limit: wanted,
    });
    if (held.rows.length >= wanted) continue;
    const queue = await listForPrincipal(context, principal, {
      status: 'open',
      team_id: teamId,
      unassigned: true,
      sort: 'waiting',
      limit: wanted - held.rows.length,
    });
    for (const row of queue.rows) {
      await changeConversation(context, principal, row.id, { assignee_id: person.userId });
      result.assigned++;
    }
  }
  return result;
}
