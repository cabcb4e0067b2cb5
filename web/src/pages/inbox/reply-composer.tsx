import { type Ref, useEffect, useImperativeHandle, useRef, useState } from 'react';
import { ApiError, api, failureText } from '../../api/api-client.js';
import type { Viewer } from '../../api/contract.js';
import type { CannedReply } from './reference-data.js';

export interface ReplyComposerHandle {
  focus(mode: 'reply' | 'note'): void;
  /** Puts a failed reply's text in the composer to change and send again. */
  edit(text: string): void;
}

interface Props {
  conversationId: number;
  /** The newest message on screen: the server answers 409 if someone replied after it. */
  lastMessageId: number;
  cannedReplies: CannedReply[];
  othersTyping: Viewer[];
  onTypingChange(typing: boolean): void;
  onSent(): void;
  onConflict(): void;
  ref?: Ref<ReplyComposerHandle>;
}

export function ReplyComposer(props: Props) {
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [conflict, setConflict] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const { onTypingChange } = props;

  useImperativeHandle(props.ref, () => ({
    focus(next) {
      setMode(next);
      textareaRef.current?.focus();
    },
    edit(previous) {
      setMode('reply');
      setText(previous);
      textareaRef.current?.focus();
    },
  }));

  // Only a reply in progress counts as typing: a note does not collide with anyone.
  const typing = mode === 'reply' && text.trim().length > 0;
  useEffect(() => onTypingChange(typing), [typing, onTypingChange]);

  async function send(force = false) {
    if (!text.trim() || sending) return;
    setSending(true);
    setError(null);
    try {
      await api('post', '/api/v1/conversations/{id}/messages', {
        path: { id: props.conversationId },
        body: {
          kind: mode,
          text,
          last_seen_message_id: props.lastMessageId,
          ...(force ? { force: true } : {}),
        },
      });
      setText('');
      setConflict(null);
      props.onSent();
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'conflict') {
        setConflict(caught.message);
        props.onConflict();
      } else {
        setError(failureText(caught, 'Sending failed'));
      }
    } finally {
      setSending(false);
    }
  }

  async function insertCanned(id: string) {
    if (!id) return;
    try {
      const rendered = await api('post', '/api/v1/canned-replies/{id}/render', {
        path: { id: Number(id) },
        body: { conversation_id: props.conversationId },
      });
      setText((current) => (current ? `${current}\n${rendered.text}` : rendered.text));
      textareaRef.current?.focus();
    } catch (caught) {
      setError(failureText(caught, 'The canned reply could not be used'));
    }
  }

  return (
    <form
      className={`composer composer-${mode}`}
      aria-label="Reply composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <div className="composer-tabs" role="tablist" aria-label="Message kind">
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'reply'}
          onClick={() => setMode('reply')}
        >
          Reply <kbd>r</kbd>
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={mode === 'note'}
          onClick={() => setMode('note')}
        >
          Internal note <kbd>n</kbd>
        </button>
        {props.cannedReplies.length > 0 && (
          <label className="canned">
            <span className="visually-hidden">Insert a canned reply</span>
            <select value="" onChange={(event) => void insertCanned(event.target.value)}>
              <option value="">Canned reply…</option>
              {props.cannedReplies.map((reply) => (
                <option key={reply.id} value={reply.id}>
                  {reply.title} (/{reply.shortcut})
                </option>
              ))}
            </select>
          </label>
        )}
        {props.othersTyping.length > 0 && (
          <span className="typing-warning" role="status">
            {props.othersTyping.map((viewer) => viewer.name).join(', ')} is typing a reply
          </span>
        )}
      </div>
      {conflict && (
        <div className="conflict" role="alert">
          <strong>Someone replied meanwhile.</strong> {conflict}. Their reply is now in the thread
          above; read it before sending.
          <div className="conflict-actions">
            <button type="button" onClick={() => void send(true)}>
              Send anyway
            </button>
            <button type="button" className="link" onClick={() => setConflict(null)}>
              Keep editing
            </button>
          </div>
        </div>
      )}
      <label className="visually-hidden" htmlFor="composer-text">
        {mode === 'reply' ? 'Reply to the customer' : 'Internal note for your colleagues'}
      </label>
      <textarea
        id="composer-text"
        ref={textareaRef}
        rows={3}
        value={text}
        placeholder={
          mode === 'reply'
            ? 'Write a reply to the customer…  (Ctrl+Enter to send)'
            : 'Write a note only your colleagues will see…'
        }
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer-footer">
        {error && (
          <span className="form-error" role="alert">
            {error}
          </span>
        )}
        <button type="submit" className="primary" disabled={sending || !text.trim()}>
          {sending ? 'Sending…' : mode === 'reply' ? 'Send reply' : 'Add note'}
        </button>
      </div>
    </form>
  );
}
