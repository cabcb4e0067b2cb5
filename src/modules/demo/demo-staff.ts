import type { AppContext } from '../../platform/context.js';
import {
  createUser,
  findUserByEmail,
  generatePassword,
  listUsers,
  type Principal,
} from '../auth/index.js';
import { putMember } from '../routing/index.js';
import { type DemoTeamKey, demoTeams } from './demo-company.js';

export interface DemoStaffMember {
  name: string;
  email: string;
  /** The first person of each team leads it; the others answer. */
  role: 'lead' | 'agent';
  team: DemoTeamKey;
}

/** The people who sign the demo's replies, as users: a lead and two agents in each team. */
export const demoStaff: readonly DemoStaffMember[] = demoTeams.flatMap((team) =>
  team.agents.map(
    (agent, index): DemoStaffMember => ({
      name: `${agent.first} ${agent.last}`,
      email: `${agent.first}.${agent.last}@wrenfield.example`.toLowerCase(),
      role: index === 0 ? 'lead' : 'agent',
      team: team.key,
    }),
  ),
);

/** A user the demo created, with the password shown once (never stored in clear, never logged). */
export interface CreatedDemoUser {
  name: string;
  email: string;
  role: 'lead' | 'agent';
  team: string;
  password: string;
}

/** A team member the demo gives conversations to. */
export interface DemoWorker {
  teamKey: DemoTeamKey;
  userId: number;
  lead: boolean;
}

export interface SeededStaff {
  created: CreatedDemoUser[];
  /** The staff (created now or before) and the organisation's admins, with their teams. */
  workers: DemoWorker[];
}

/**
 * Creates the demo's staff as users and makes them members of their teams. Someone who already
 * exists (the demo ran before) keeps their password; only new users' passwords are returned.
 * The organisation's admins join the Social team as leads, so that whoever loaded the demo finds
 * work in "Mine" and "My teams" too.
 */
export async function seedDemoStaff(
  context: AppContext,
  principal: Principal,
  teamIds: ReadonlyMap<DemoTeamKey, number>,
): Promise<SeededStaff> {
  const organisationId = principal.organisationId;
  const created: CreatedDemoUser[] = [];
  const workers: DemoWorker[] = [];
  for (const person of demoStaff) {
    const teamId = teamIds.get(person.team);
    if (teamId === undefined) continue;
    const existing = await findUserByEmail(context.database.db, person.email);
    let userId: number;
    if (existing) {
      // Another organisation's user with this address is not ours to put in a team.
      if (existing.organisation_id !== organisationId || existing.disabled_at !== null) continue;
      userId = existing.id;
    } else {
      const password = generatePassword();
      userId = await createUser(
        context,
        organisationId,
        { email: person.email, name: person.name, role: person.role, password },
        principal,
      );
      const team = demoTeams.find((candidate) => candidate.key === person.team);
      created.push({ ...person, team: team?.name ?? person.team, password });
    }
    await putMember(context, principal, teamId, userId, person.role === 'lead' ? 'lead' : 'member');
    workers.push({ teamKey: person.team, userId, lead: person.role === 'lead' });
  }
  const social = teamIds.get('social');
  const admins = (await listUsers(context.database.db, organisationId)).filter(
    (user) => user.role === 'admin' && user.disabled_at === null,
  );
  for (const admin of social === undefined ? [] : admins) {
    await putMember(context, principal, social as number, admin.id, 'lead');
    workers.push({ teamKey: 'social', userId: admin.id, lead: true });
  }
  return { created, workers };
}
