import { type FormEvent, useState } from 'react';
import {
  type ApiAnswer,
  type ApiBody,
  api,
  failureText,
  fieldProblemsOf,
} from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { followLink } from '../../app-route.js';
import { AdminShell } from './admin-shell.js';
import {
  describedBy,
  FieldProblem,
  listOf,
  otherProblems,
  type Problems,
  problemAt,
} from './field-problems.js';

type Rule = ApiAnswer<'/api/v1/routing/rules'>['data'][number];
type RuleBody = ApiBody<'/api/v1/routing/rules', 'post'>;
type Preview = ApiAnswer<'/api/v1/routing/rules/preview', 'post'>;
type Priority = NonNullable<RuleBody['priority']>;
const priorities: Priority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * Routing rules (leads and admins): the list in the order rules are tried, first match wins;
 * add, edit, move, switch off, delete; and a preview of a draft on the last 100 conversations.
 */
export function RoutingRulesPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  return (
    <AdminShell
      user={user}
      page="admin-routing"
      title="Routing rules"
      permission="routing:manage"
      onSignOut={onSignOut}
    >
      <RoutingRules />
    </AdminShell>
  );
}

interface Draft {
  name: string;
  teamId: string;
  keywords: string;
  languages: string;
  intents: string;
  tiers: string;
  accountIds: number[];
  priority: '' | Priority;
  labelId: string;
  enabled: boolean;
}

const emptyDraft: Draft = {
  name: '',
  teamId: '',
  keywords: '',
  languages: '',
  intents: '',
  tiers: '',
  accountIds: [],
  priority: '',
  labelId: '',
  enabled: true,
};

function draftOf(rule: Rule): Draft {
  const { conditions } = rule;
  return {
    name: rule.name,
    teamId: String(rule.team_id),
    keywords: (conditions.keywords ?? []).join(', '),
    languages: (conditions.languages ?? []).join(', '),
    intents: (conditions.intents ?? []).join(', '),
    tiers: (conditions.contact_attributes?.tier ?? []).join(', '),
    accountIds: conditions.channel_account_ids ?? [],
    priority: rule.priority ?? '',
    labelId: rule.label_id === null ? '' : String(rule.label_id),
    enabled: rule.enabled,
  };
}

function bodyOf(draft: Draft): RuleBody {
  const keywords = listOf(draft.keywords);
  const languages = listOf(draft.languages);
  const intents = listOf(draft.intents);
  const tiers = listOf(draft.tiers);
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    team_id: Number(draft.teamId),
    priority: draft.priority === '' ? null : draft.priority,
    label_id: draft.labelId === '' ? null : Number(draft.labelId),
    conditions: {
      ...(keywords ? { keywords } : {}),
      ...(languages ? { languages } : {}),
      ...(intents ? { intents } : {}),
      ...(tiers ? { contact_attributes: { tier: tiers } } : {}),
      ...(draft.accountIds.length > 0 ? { channel_account_ids: draft.accountIds } : {}),
    },
  };
}

/** What a rule tests, in words, for the list. */
function conditionsText(rule: Rule, accountName: (id: number) => string): string {
  const { conditions } = rule;
  const parts: string[] = [];
  if (conditions.keywords) parts.push(`mentions ${conditions.keywords.join(' or ')}`);
  if (conditions.languages) parts.push(`in ${conditions.languages.join(' or ')}`);
  if (conditions.intents) parts.push(`intent ${conditions.intents.join(' or ')}`);
  if (conditions.contact_attributes?.tier) {
    parts.push(`tier ${conditions.contact_attributes.tier.join(' or ')}`);
  }
  if (conditions.channel_account_ids) {
    parts.push(`on ${conditions.channel_account_ids.map(accountName).join(' or ')}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'every conversation';
}

function RoutingRules() {
  const rules = useApiQuery('/api/v1/routing/rules');
  const teams = useApiQuery('/api/v1/teams');
  const labels = useApiQuery('/api/v1/labels');
  const accounts = useApiQuery('/api/v1/channel-accounts');
  const [editing, setEditing] = useState<Rule | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);

  const teamList = teams.data?.data ?? [];
  const teamName = (id: number | null) =>
    id === null ? 'no team' : (teamList.find((team) => team.id === id)?.name ?? `team ${id}`);
  const accountList = accounts.data?.data ?? [];
  const accountName = (id: number) => {
    const account = accountList.find((one) => one.id === id);
    return account ? `${account.channel} ${account.handle}` : `account ${id}`;
  };
  const list = rules.data?.data ?? [];

  const run = async (work: () => Promise<string | null>) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const done = await work();
      if (done) setStatus(done);
      return true;
    } catch (caught) {
      const fields = fieldProblemsOf(caught);
      setProblems(fields);
      setError(
        Object.keys(fields).length > 0
          ? 'Some fields need a change: see the messages beside them.'
          : failureText(caught, 'That did not work'),
      );
      return false;
    } finally {
      setBusy(false);
    }
  };

  /** Checks the form can become a request at all; the server checks the rest. */
  const checked = (): RuleBody | null => {
    if (draft.teamId === '') {
      setProblems({ team_id: 'choose the team the rule sends conversations to' });
      setError('Some fields need a change: see the messages beside them.');
      return null;
    }
    setProblems({});
    return bodyOf(draft);
  };

  const update = (change: Partial<Draft>) => {
    setDraft((before) => ({ ...before, ...change }));
    setPreview(null);
  };

  const startEditing = (rule: Rule) => {
    setEditing(rule);
    setDraft(draftOf(rule));
    setProblems({});
    setPreview(null);
    setError(null);
    setStatus(null);
  };
  const stopEditing = () => {
    setEditing(null);
    setDraft(emptyDraft);
    setProblems({});
    setPreview(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const body = checked();
    if (!body) return;
    const saved = await run(async () => {
      if (editing) {
        await api('patch', '/api/v1/routing/rules/{id}', { path: { id: editing.id }, body });
        return `Rule "${body.name}" is saved.`;
      }
      await api('post', '/api/v1/routing/rules', { body });
      return `Rule "${body.name}" is added at the end of the list.`;
    });
    if (saved) {
      stopEditing();
      rules.reload();
    }
  };

  const runPreview = async () => {
    const body = checked();
    if (!body) return;
    await run(async () => {
      setPreview(await api('post', '/api/v1/routing/rules/preview', { body }));
      return null;
    });
  };

  const move = (index: number, by: -1 | 1) =>
    run(async () => {
      const ids = list.map((rule) => rule.id);
      const [moved] = ids.splice(index, 1);
      ids.splice(index + by, 0, moved as number);
      await api('put', '/api/v1/routing/rules/order', { body: { ids } });
      rules.reload();
      return `Rule "${list[index]?.name}" moved ${by < 0 ? 'up' : 'down'}.`;
    });

  const toggle = (rule: Rule) =>
    run(async () => {
      await api('patch', '/api/v1/routing/rules/{id}', {
        path: { id: rule.id },
        body: { enabled: !rule.enabled },
      });
      rules.reload();
      return `Rule "${rule.name}" is ${rule.enabled ? 'switched off' : 'switched on'}.`;
    });

  const remove = (rule: Rule) =>
    run(async () => {
      await api('delete', '/api/v1/routing/rules/{id}', { path: { id: rule.id } });
      if (editing?.id === rule.id) stopEditing();
      rules.reload();
      return `Rule "${rule.name}" is deleted.`;
    });

  const placed = ['name', 'team_id', 'priority', 'label_id', 'enabled', 'conditions'];
  const unplaced = otherProblems(problems, placed);
  const conditionProblem = problemAt(problems, 'conditions');
  const field = (id: string, path: string) => {
    const problem = problemAt(problems, path);
    return { problem, props: describedBy(id, problem) };
  };
  const name = field('rule-name', 'name');
  const team = field('rule-team', 'team_id');
  const keywords = field('rule-keywords', 'conditions/keywords');
  const languages = field('rule-languages', 'conditions/languages');
  const intents = field('rule-intents', 'conditions/intents');
  const tiers = field('rule-tiers', 'conditions/contact_attributes');
  const accountsField = field('rule-accounts', 'conditions/channel_account_ids');
  const label = field('rule-label', 'label_id');

  return (
    <div className="admin-grid">
      <p className="hint">
        A new conversation goes to the team of the first switched-on rule that matches its first
        customer message; when none matches, to its channel account's team, else the default team.
        Rules never move a conversation that is already under way.
      </p>
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <section className="card" aria-labelledby="rules-heading" aria-busy={rules.loading}>
        <h2 id="rules-heading">Rules, in the order they are tried</h2>
        {rules.error ? (
          <p className="form-error" role="alert">
            {rules.error.message}
          </p>
        ) : rules.data === null ? (
          <p className="hint">Loading…</p>
        ) : list.length === 0 ? (
          <p className="hint">No rules yet: add the first one below.</p>
        ) : (
          <ol className="rule-list">
            {list.map((rule, index) => (
              <li
                key={rule.id}
                data-rule-name={rule.name}
                className={rule.enabled ? '' : 'rule-off'}
              >
                <div className="rule-summary">
                  <strong>{rule.name}</strong>
                  {!rule.enabled && <span className="status-tag">Off</span>}
                  <span>
                    {conditionsText(rule, accountName)} → {teamName(rule.team_id)}
                    {rule.priority ? `, priority ${rule.priority}` : ''}
                  </span>
                </div>
                <div className="row-actions">
                  <button
                    type="button"
                    disabled={busy || index === 0}
                    aria-label={`Move ${rule.name} up`}
                    onClick={() => void move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={busy || index === list.length - 1}
                    aria-label={`Move ${rule.name} down`}
                    onClick={() => void move(index, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" disabled={busy} onClick={() => void toggle(rule)}>
                    {rule.enabled ? 'Switch off' : 'Switch on'}
                    <span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" disabled={busy} onClick={() => startEditing(rule)}>
                    Edit<span className="visually-hidden"> {rule.name}</span>
                  </button>
                  <button type="button" disabled={busy} onClick={() => void remove(rule)}>
                    Delete<span className="visually-hidden"> {rule.name}</span>
                  </button>
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="card" aria-labelledby="rule-form-heading">
        <h2 id="rule-form-heading">{editing ? `Edit rule: ${editing.name}` : 'New rule'}</h2>
        <form className="admin-form rule-form" onSubmit={save} noValidate>
          <label>
            Name
            <input
              type="text"
              value={draft.name}
              onChange={(e) => update({ name: e.target.value })}
              maxLength={200}
              {...name.props}
            />
            <FieldProblem id="rule-name" problem={name.problem} />
          </label>
          <label>
            Send to team
            <select
              value={draft.teamId}
              onChange={(e) => update({ teamId: e.target.value })}
              {...team.props}
            >
              <option value="">Choose a team</option>
              {teamList.map((one) => (
                <option key={one.id} value={one.id}>
                  {one.name}
                </option>
              ))}
            </select>
            <FieldProblem id="rule-team" problem={team.problem} />
          </label>
          <fieldset className="rule-conditions">
            <legend>When the first customer message… (empty boxes are ignored)</legend>
            <label>
              Mentions any of (comma-separated)
              <input
                type="text"
                value={draft.keywords}
                onChange={(e) => update({ keywords: e.target.value })}
                placeholder="refund, invoice"
                {...keywords.props}
              />
              <FieldProblem id="rule-keywords" problem={keywords.problem} />
            </label>
            <label>
              Language is any of
              <input
                type="text"
                value={draft.languages}
                onChange={(e) => update({ languages: e.target.value })}
                placeholder="fr, de"
                {...languages.props}
              />
              <FieldProblem id="rule-languages" problem={languages.problem} />
            </label>
            <label>
              Intent is any of
              <input
                type="text"
                value={draft.intents}
                onChange={(e) => update({ intents: e.target.value })}
                placeholder="billing"
                {...intents.props}
              />
              <FieldProblem id="rule-intents" problem={intents.problem} />
            </label>
            <label>
              Contact tier is any of
              <input
                type="text"
                value={draft.tiers}
                onChange={(e) => update({ tiers: e.target.value })}
                placeholder="vip, gold"
                {...tiers.props}
              />
              <FieldProblem id="rule-tiers" problem={tiers.problem} />
            </label>
            {accountList.length > 0 && (
              <fieldset {...accountsField.props}>
                <legend>Arrived on any of</legend>
                {accountList.map((account) => (
                  <label key={account.id} className="inline-check">
                    <input
                      type="checkbox"
                      checked={draft.accountIds.includes(account.id)}
                      onChange={(e) =>
                        update({
                          accountIds: e.target.checked
                            ? [...draft.accountIds, account.id]
                            : draft.accountIds.filter((id) => id !== account.id),
                        })
                      }
                    />
                    {account.channel} {account.handle}
                  </label>
                ))}
                <FieldProblem id="rule-accounts" problem={accountsField.problem} />
              </fieldset>
            )}
            {conditionProblem &&
              !keywords.problem &&
              !languages.problem &&
              !intents.problem &&
              !tiers.problem &&
              !accountsField.problem && <span className="field-problem">{conditionProblem}</span>}
          </fieldset>
          <label>
            Set priority
            <select
              value={draft.priority}
              onChange={(e) => update({ priority: e.target.value as Draft['priority'] })}
            >
              <option value="">Leave as it is</option>
              {priorities.map((one) => (
                <option key={one} value={one}>
                  {one}
                </option>
              ))}
            </select>
          </label>
          <label>
            Add label
            <select
              value={draft.labelId}
              onChange={(e) => update({ labelId: e.target.value })}
              {...label.props}
            >
              <option value="">No label</option>
              {(labels.data?.data ?? []).map((one) => (
                <option key={one.id} value={one.id}>
                  {one.name}
                </option>
              ))}
            </select>
            <FieldProblem id="rule-label" problem={label.problem} />
          </label>
          <label className="inline-check">
            <input
              type="checkbox"
              checked={draft.enabled}
              onChange={(e) => update({ enabled: e.target.checked })}
            />
            Switched on
          </label>
          {unplaced.length > 0 && (
            <ul className="form-error">
              {unplaced.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          )}
          <div className="row-actions">
            <button type="button" disabled={busy} onClick={() => void runPreview()}>
              Preview on recent conversations
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {editing ? 'Save rule' : 'Add rule'}
            </button>
            {editing && (
              <button type="button" disabled={busy} onClick={stopEditing}>
                Cancel
              </button>
            )}
          </div>
        </form>
        {preview && <RulePreview preview={preview} teamName={teamName} />}
      </section>
    </div>
  );
}

function RulePreview({
  preview,
  teamName,
}: {
  preview: Preview;
  teamName(id: number | null): string;
}) {
  return (
    <section className="rule-preview" aria-label="Preview" aria-live="polite">
      <p>
        <strong>
          {preview.matched} of the last {preview.considered} conversations
        </strong>{' '}
        would have matched this rule
        {preview.matched > 0 ? `; ${preview.would_move} of them are in another team today` : ''}.{' '}
        Tried on its own, as if it were first in the list.
      </p>
      {preview.examples.length > 0 && (
        <ul className="admin-list preview-examples">
          {preview.examples.map((example) => (
            <li key={example.conversation_id}>
              <a href={`/conversations/${example.conversation_id}`} onClick={followLink}>
                #{example.conversation_id}
              </a>
              <span className="preview-excerpt" dir="auto">
                {example.excerpt}
              </span>
              <span className="hint">
                {teamName(example.team_id)} → {teamName(example.team_after)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
