import { useState } from 'react';
import { api, failureText } from '../../api/api-client.js';

interface Props {
  conversationId: number;
  messageId: number;
  /** The channel's reason (e.g. the bounce's 5.1.1 line); shown as text. */
  reason: string | null;
  onRetried(): void;
  onEdit(): void;
}

/** A reply the channel refused for good: why, and the two ways on (retry, edit and resend). */
export function DeliveryFailure(props: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await api('post', '/api/v1/conversations/{id}/messages/{messageId}/retry', {
        path: { id: props.conversationId, messageId: props.messageId },
      });
      props.onRetried();
    } catch (caught) {
      setError(failureText(caught, 'Retry failed'));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="delivery-failure" role="alert">
      <span>Not delivered{props.reason ? `: ${props.reason}` : ''}</span>
      <button type="button" onClick={() => void retry()} disabled={busy}>
        Retry
      </button>
      <button type="button" onClick={props.onEdit} disabled={busy}>
        Edit and resend
      </button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}
