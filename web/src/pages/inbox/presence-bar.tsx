import type { Viewer } from '../../api/contract.js';
import { initials } from '../../components/format.js';

/** Who else has this conversation open, so two agents do not answer the same customer. */
export function PresenceBar({ viewers }: { viewers: Viewer[] }) {
  if (viewers.length === 0) return null;
  const typing = viewers.filter((viewer) => viewer.state === 'typing');
  const summary =
    typing.length > 0
      ? `${typing.map((viewer) => viewer.name).join(', ')} ${typing.length === 1 ? 'is' : 'are'} typing a reply`
      : `${viewers.map((viewer) => viewer.name).join(', ')} ${viewers.length === 1 ? 'is' : 'are'} viewing`;
  return (
    <div className="presence" role="status" aria-live="polite" data-testid="presence">
      <span className="avatars" aria-hidden="true">
        {viewers.map((viewer) => (
          <span key={viewer.user_id} className={`avatar ${viewer.state}`} title={viewer.name}>
            {initials(viewer.name)}
          </span>
        ))}
      </span>
      <span>{summary}</span>
    </div>
  );
}
