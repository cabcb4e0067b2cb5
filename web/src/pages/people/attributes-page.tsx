import { type FormEvent, useState } from 'react';
import { api } from '../../api/api-client.js';
import type { SessionUser } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { PeopleShell } from './people-shell.js';
import { Outcome, useRun } from './use-run.js';

type AttributeType = 'text' | 'number' | 'enum' | 'set';

/** People → Attributes: the keys contacts carry (tier, department…), each with its type. */
export function AttributesPage({ user, onSignOut }: { user: SessionUser; onSignOut(): void }) {
  const attributes = useApiQuery('/api/v1/attributes');
  const { busy, status, error, run } = useRun();
  const [key, setKey] = useState('');
  const [label, setLabel] = useState('');
  const [type, setType] = useState<AttributeType>('text');
  const [options, setOptions] = useState('');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const done = await run(async () => {
      const created = await api('post', '/api/v1/attributes', {
        body: {
          key: key.trim(),
          label: label.trim(),
          type,
          ...(type === 'enum'
            ? {
                options: options
                  .split(',')
                  .map((option) => option.trim())
                  .filter(Boolean),
              }
            : {}),
        },
      });
      attributes.reload();
      return `Attribute ${created.key} is declared.`;
    });
    if (done) {
      setKey('');
      setLabel('');
      setOptions('');
    }
  };

  return (
    <PeopleShell user={user} page="people-attributes" title="Attributes" onSignOut={onSignOut}>
      <div className="admin-grid">
        <section className="card" aria-labelledby="new-attribute-heading">
          <h2 id="new-attribute-heading">New attribute</h2>
          <form className="admin-form" onSubmit={submit}>
            <label>
              Key
              <input
                value={key}
                onChange={(event) => setKey(event.target.value)}
                required
                maxLength={63}
                pattern="[a-z][a-z0-9_]*"
                title="lower-case letters, digits and _, starting with a letter"
              />
            </label>
            <label>
              Label
              <input
                value={label}
                onChange={(event) => setLabel(event.target.value)}
                required
                maxLength={100}
              />
            </label>
            <label>
              Type
              <select
                value={type}
                onChange={(event) => setType(event.target.value as AttributeType)}
              >
                <option value="text">Text</option>
                <option value="number">Number</option>
                <option value="enum">One of a list</option>
                <option value="set">Several values (tags)</option>
              </select>
            </label>
            {type === 'enum' && (
              <label>
                Options (comma-separated)
                <input
                  value={options}
                  onChange={(event) => setOptions(event.target.value)}
                  required
                />
              </label>
            )}
            <button type="submit" className="primary" disabled={busy}>
              Declare attribute
            </button>
          </form>
          <Outcome status={status} error={error} />
        </section>
        <section className="card" aria-labelledby="attributes-heading">
          <h2 id="attributes-heading">Declared attributes</h2>
          {attributes.data?.data.length === 0 && <p className="hint">No attributes yet.</p>}
          {(attributes.data?.data.length ?? 0) > 0 && (
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Label</th>
                  <th scope="col">Type</th>
                  <th scope="col">Options</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {attributes.data?.data.map((attribute) => (
                  <tr key={attribute.id}>
                    <th scope="row">
                      <code>{attribute.key}</code>
                    </th>
                    <td>{attribute.label}</td>
                    <td>{attribute.type}</td>
                    <td>{attribute.options.join(', ')}</td>
                    <td>
                      <button
                        type="button"
                        className="link"
                        disabled={busy}
                        onClick={() => {
                          if (
                            !window.confirm(
                              `Remove ${attribute.key} and every contact's value of it?`,
                            )
                          )
                            return;
                          void run(async () => {
                            await api('delete', '/api/v1/attributes/{id}', {
                              path: { id: attribute.id },
                            });
                            attributes.reload();
                            return `Attribute ${attribute.key} is removed.`;
                          });
                        }}
                      >
                        Remove
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
    </PeopleShell>
  );
}
