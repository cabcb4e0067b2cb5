import { type FormEvent, useState } from 'react';
import { api } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { PeopleShell } from './people-shell.js';
import { Outcome, useRun } from './use-run.js';

/**
 * People → Partners: partner organisations, their confidentiality notice (a new text is a new
 * version everyone accepts again) and their people.
 */
export function PartnersPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const partners = useApiQuery('/api/v1/partners');
  const { busy, status, error, run } = useRun();
  const [chosen, setChosen] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [notice, setNotice] = useState('');
  const list = partners.data?.data ?? [];
  const partner = list.find((one) => one.id === chosen) ?? list[0];

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const created = await api('post', '/api/v1/partners', {
        body: { name: name.trim(), notice_text: notice },
      });
      partners.reload();
      setChosen(created.id);
      return `${created.name} is added. Add its people below.`;
    });
    if (done) {
      setName('');
      setNotice('');
    }
  };

  return (
    <PeopleShell user={user} page="people-partners" title="Partners" onSignOut={onSignOut}>
      <div className="admin-grid">
        <section className="card" aria-labelledby="new-partner-heading">
          <h2 id="new-partner-heading">New partner organisation</h2>
          <form className="admin-form" onSubmit={create}>
            <label>
              Name
              <input
                value={name}
                onChange={(event) => setName(event.target.value)}
                required
                maxLength={200}
              />
            </label>
            <label>
              Confidentiality notice
              <textarea
                value={notice}
                onChange={(event) => setNotice(event.target.value)}
                required
                rows={5}
              />
            </label>
            <button type="submit" className="primary" disabled={busy}>
              Add partner
            </button>
          </form>
        </section>
        <Outcome status={status} error={error} />
        {partner && (
          <section className="card" aria-labelledby="partner-heading">
            <header className="card-header">
              <h2 id="partner-heading">Partner</h2>
              <label>
                Partner{' '}
                <select
                  value={partner.id}
                  onChange={(event) => setChosen(Number(event.target.value))}
                >
                  {list.map((one) => (
                    <option key={one.id} value={one.id}>
                      {one.name}
                    </option>
                  ))}
                </select>
              </label>
            </header>
            <PartnerDetail
              key={`${partner.id}:${partner.notice_version}`}
              partner={partner}
              busy={busy}
              run={async (work) => {
                const done = await run(work);
                partners.reload();
                return done;
              }}
            />
          </section>
        )}
      </div>
    </PeopleShell>
  );
}

function PartnerDetail(props: {
  partner: { id: number; name: string; notice_text: string; notice_version: number };
  busy: boolean;
  run(work: () => Promise<string>): Promise<boolean>;
}) {
  const { partner } = props;
  const people = useApiQuery('/api/v1/partners/{id}/people', { path: { id: partner.id } });
  const [notice, setNotice] = useState(partner.notice_text);
  const [personName, setPersonName] = useState('');
  const [email, setEmail] = useState('');

  return (
    <>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          void props.run(async () => {
            const changed = await api('patch', '/api/v1/partners/{id}', {
              path: { id: partner.id },
              body: { notice_text: notice },
            });
            return `The notice is now version ${changed.notice_version}: its people accept it again.`;
          });
        }}
      >
        <label>
          Confidentiality notice (version {partner.notice_version})
          <textarea value={notice} onChange={(event) => setNotice(event.target.value)} rows={5} />
        </label>
        <button type="submit" disabled={props.busy || notice === partner.notice_text}>
          Save notice as a new version
        </button>
      </form>
      <h3>People</h3>
      {people.data?.data.length === 0 && <p className="hint">No people yet.</p>}
      <ul>
        {people.data?.data.map((person) => (
          <li key={person.contact_id}>
            {person.name ?? person.email}{' '}
            {person.email && <span className="hint">({person.email})</span>} ·{' '}
            {person.accepted_current_notice
              ? 'accepted the current notice'
              : 'has not accepted the current notice'}
          </li>
        ))}
      </ul>
      <form
        className="admin-form"
        onSubmit={(event) => {
          event.preventDefault();
          void props
            .run(async () => {
              await api('post', '/api/v1/partners/{id}/people', {
                path: { id: partner.id },
                body: { name: personName.trim(), email: email.trim() },
              });
              people.reload();
              return `${personName} is added to ${partner.name}.`;
            })
            .then((done) => {
              if (done) {
                setPersonName('');
                setEmail('');
              }
            });
        }}
      >
        <label>
          Person's name
          <input
            value={personName}
            onChange={(event) => setPersonName(event.target.value)}
            required
            maxLength={200}
          />
        </label>
        <label>
          E-mail
          <input
            type="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            required
          />
        </label>
        <button type="submit" disabled={props.busy}>
          Add person
        </button>
      </form>
    </>
  );
}
