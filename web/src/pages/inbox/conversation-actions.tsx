import { useState } from 'react';
import { api, failureText } from '../../api/api-client.js';
import type { ConversationChanges, ConversationSummary, SessionUser } from '../../api/contract.js';
import { LabelChip } from './label-chip.js';
import type { ReferenceData } from './reference-data.js';

interface Props {
  conversation: ConversationSummary;
  user: SessionUser;
  reference: ReferenceData;
  onChange(changes: ConversationChanges): Promise<void>;
  onLabelsChanged(): void;
}

/** Status, priority, assignee, team and labels of the open conversation. */
export function ConversationActions({
  conversation,
  user,
  reference,
  onChange,
  onLabelsChanged,
}: Props) {
  const [error, setError] = useState<string | null>(null);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const canWrite = user.permissions.includes('conversations:write');

  const run = (changes: ConversationChanges) => {
    setError(null);
    onChange(changes).catch((caught: unknown) =>
      setError(failureText(caught, 'The change failed')),
    );
  };

  const toggleLabel = async (labelId: number) => {
    const current = conversation.labels.map((label) => label.id);
    const next = current.includes(labelId)
      ? current.filter((id) => id !== labelId)
      : [...current, labelId];
    try {
      await api('put', '/api/v1/conversations/{id}/labels', {
        path: { id: conversation.id },
        body: { label_ids: next },
      });
      onLabelsChanged();
    } catch (caught) {
      setError(failureText(caught, 'The labels could not be saved'));
    }
  };

  return (
    <div className="actions">
      <label className="action">
        <span>Status</span>
        <select
          value={conversation.status}
          disabled={!canWrite}
          onChange={(event) => run({ status: event.target.value as ConversationChanges['status'] })}
        >
          <option value="open">Open</option>
          <option value="pending">Pending</option>
          <option value="snoozed">Snoozed</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      <label className="action">
        <span>Priority</span>
        <select
          value={conversation.priority}
          disabled={!canWrite}
          onChange={(event) =>
            run({ priority: event.target.value as ConversationChanges['priority'] })
          }
        >
          <option value="urgent">Urgent</option>
          <option value="high">High</option>
          <option value="normal">Normal</option>
          <option value="low">Low</option>
        </select>
      </label>
      <label className="action">
        <span>Assignee</span>
        <select
          value={conversation.assignee?.id ?? ''}
          disabled={!canWrite}
          onChange={(event) =>
            run({ assignee_id: event.target.value === '' ? null : Number(event.target.value) })
          }
        >
          <option value="">Unassigned</option>
          {conversation.assignee &&
            !reference.agents.some((agent) => agent.id === conversation.assignee?.id) && (
              <option value={conversation.assignee.id}>{conversation.assignee.name}</option>
            )}
          {reference.agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
              {agent.id === user.id ? ' (me)' : ''}
              {agent.availability && agent.availability !== 'available'
                ? ` · ${agent.availability}`
                : ''}
            </option>
          ))}
        </select>
      </label>
      {canWrite && user.id !== null && conversation.assignee?.id !== user.id && (
        <button type="button" onClick={() => run({ assignee_id: user.id })}>
          Assign to me
        </button>
      )}
      <label className="action">
        <span>Team</span>
        <select
          value={conversation.team?.id ?? ''}
          disabled={!canWrite}
          onChange={(event) =>
            run({ team_id: event.target.value === '' ? null : Number(event.target.value) })
          }
        >
          <option value="">No team</option>
          {reference.teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </label>
      <div className="labels-editor">
        {conversation.labels.map((label) => (
          <LabelChip key={label.id} label={label} />
        ))}
        {canWrite && reference.labels.length > 0 && (
          <button
            type="button"
            className="link"
            aria-expanded={labelsOpen}
            onClick={() => setLabelsOpen((shown) => !shown)}
          >
            {conversation.labels.length > 0 ? 'Edit labels' : 'Add label'}
          </button>
        )}
        {labelsOpen && (
          <fieldset className="label-picker">
            <legend>Labels</legend>
            {reference.labels.map((label) => (
              <label key={label.id}>
                <input
                  type="checkbox"
                  checked={conversation.labels.some((applied) => applied.id === label.id)}
                  onChange={() => void toggleLabel(label.id)}
                />
                <LabelChip label={label} />
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {canWrite && conversation.status !== 'resolved' && (
        <button type="button" className="resolve" onClick={() => run({ status: 'resolved' })}>
          Resolve <kbd>e</kbd>
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
