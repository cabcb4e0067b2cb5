import { useState } from 'react';
import { api, failureText } from '../api/api-client.js';
import type { SessionUser } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';

type Availability = 'available' | 'away' | 'offline';

/**
 * Available or away, in the top bar: the server keeps it (round-robin assigns only to available
 * agents, colleagues see it when assigning), so it is the same after a reload or on another
 * device. Going away hands back the conversations routing gave and nobody answered yet.
 */
export function AvailabilitySwitch({ user }: { user: SessionUser }) {
  const agents = useApiQuery(
    user.permissions.includes('conversations:write') ? '/api/v1/agents' : null,
  );
  const [chosen, setChosen] = useState<Availability | null>(null);
  const [error, setError] = useState<string | null>(null);
  const me = agents.data?.data.find((agent) => agent.id === user.id);
  if (!me) return null;
  const current: Availability = chosen ?? me.availability;

  const change = async (next: Availability) => {
    setError(null);
    const before = current;
    setChosen(next);
    try {
      const answer = await api('put', '/api/v1/me/availability', { body: { availability: next } });
      setChosen(answer.availability);
    } catch (caught) {
      setChosen(before);
      setError(failureText(caught, 'Your availability could not be changed'));
    }
  };

  return (
    <label className={`availability availability-${current}`} title={error ?? undefined}>
      <span className="visually-hidden">My availability</span>
      <span className="availability-dot" aria-hidden="true" />
      <select
        aria-label="My availability"
        aria-invalid={error !== null}
        value={current}
        onChange={(event) => void change(event.target.value as Availability)}
      >
        <option value="available">Available</option>
        <option value="away">Away</option>
        {current === 'offline' && <option value="offline">Offline</option>}
      </select>
    </label>
  );
}
