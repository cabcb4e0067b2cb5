import { type FormEvent, useState } from 'react';
import { type ApiBody, ApiError, api } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { PeopleShell } from './people-shell.js';
import { Outcome, useRun } from './use-run.js';

type RuleBody = ApiBody<'/api/v1/panels/preview', 'post'>['rule'];

const exampleRule = '{ "all": [ { "key": "tags", "op": "contains", "value": "key-account" } ] }';

/**
 * People → Panels: customer panels by rule (over attributes, channel, language) or by explicit
 * membership. A rule's size and first people show before the panel is saved; a panel's people
 * take part only while they hold its consent.
 */
export function PanelsPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const panels = useApiQuery('/api/v1/panels');
  const { busy, status, error, run } = useRun();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [kind, setKind] = useState<'rule' | 'explicit'>('rule');
  const [ruleText, setRuleText] = useState(exampleRule);
  const [preview, setPreview] = useState<{
    count: number;
    sample: { id: number; name: string | null }[];
  } | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);

  const parsedRule = (): RuleBody => {
    try {
      return JSON.parse(ruleText) as RuleBody;
    } catch {
      throw new ApiError(400, 'validation_failed', 'The rule is not valid JSON.');
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const created = await api('post', '/api/v1/panels', {
        body: {
          name: name.trim(),
          description,
          kind,
          ...(kind === 'rule' ? { rule: parsedRule() } : {}),
        },
      });
      panels.reload();
      setChosen(created.id);
      setName('');
      setDescription('');
      return `Panel ${created.name} is created.`;
    });
  };

  const list = panels.data?.data ?? [];
  const panelId = chosen ?? list[0]?.id ?? null;
  return (
    <PeopleShell user={user} page="people-panels" title="Panels" onSignOut={onSignOut}>
      <div className="admin-grid">
        <section className="card" aria-labelledby="new-panel-heading">
          <h2 id="new-panel-heading">New panel</h2>
          <form className="admin-form" onSubmit={create}>
            <label>
              Name
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
                maxLength={100}
              />
            </label>
            <label>
              Description
              <input
                value={description}
                onChange={(event) => setDescription(event.target.value)}
                maxLength={2000}
              />
            </label>
            <label>
              Who is in it
              <select
                value={kind}
                onChange={(event) => setKind(event.target.value as 'rule' | 'explicit')}
              >
                <option value="rule">People matching a rule</option>
                <option value="explicit">People added one by one</option>
              </select>
            </label>
            {kind === 'rule' && (
              <>
                <label>
                  Rule (JSON: all / any of {'{ key, op, value }'})
                  <textarea
                    value={ruleText}
                    onChange={(event) => setRuleText(event.target.value)}
                    rows={4}
                  />
                </label>
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void run(async () => {
                      const answer = await api('post', '/api/v1/panels/preview', {
                        body: { rule: parsedRule() },
                      });
                      setPreview(answer);
                      return `This rule matches ${answer.count.toLocaleString()} people.`;
                    })
                  }
                >
                  Preview size
                </button>
              </>
            )}
            <button type="submit" className="primary" disabled={busy}>
              Create panel
            </button>
          </form>
          <Outcome status={status} error={error} />
          {preview && preview.sample.length > 0 && (
            <p className="hint">
              For example:{' '}
              {preview.sample.map((person) => person.name ?? `#${person.id}`).join(', ')}
            </p>
          )}
        </section>
        {panelId !== null && (
          <section className="card" aria-labelledby="panel-heading">
            <header className="card-header">
              <h2 id="panel-heading">Panel</h2>
              <label>
                Panel{' '}
                <select value={panelId} onChange={(event) => setChosen(Number(event.target.value))}>
                  {list.map((panel) => (
                    <option key={panel.id} value={panel.id}>
                      {panel.name}
                    </option>
                  ))}
                </select>
              </label>
            </header>
            <PanelDetail panelId={panelId} />
          </section>
        )}
      </div>
    </PeopleShell>
  );
}

function PanelDetail({ panelId }: { panelId: number }) {
  const panel = useApiQuery('/api/v1/panels/{id}', { path: { id: panelId } });
  if (panel.error) return <p className="form-error">{panel.error.message}</p>;
  if (!panel.data) return <p className="hint">Loading…</p>;
  const data = panel.data;
  return (
    <>
      {data.description && <p>{data.description}</p>}
      <p>
        {data.kind === 'rule' ? 'Matches' : 'Has'} <strong>{data.eligible.toLocaleString()}</strong>{' '}
        people, of whom <strong>{data.consenting.toLocaleString()}</strong> opted in.
      </p>
      {data.rule && <pre className="rule">{JSON.stringify(data.rule, null, 2)}</pre>}
      <ul>
        {data.people.map((person) => (
          <li key={person.contact_id}>
            {person.name ?? `Contact #${person.contact_id}`} ·{' '}
            {person.consenting ? 'opted in' : 'not opted in'}
          </li>
        ))}
      </ul>
    </>
  );
}
