import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { failureText } from '../../api/api-client.js';
import { labelText } from './classification-labels.js';

interface Props {
  /** What the badge says, e.g. "negative −0.84". */
  children: ReactNode;
  className: string;
  task: string;
  current: string;
  labels: string[];
  corrected: boolean;
  /** Readable names for binary tasks ("anger" / "other" → "angry" / "not angry"). */
  names?: Record<string, string>;
  onCorrect(label: string): Promise<void>;
}

/**
 * A classification badge that opens a small menu of the model's labels, so an agent can fix a
 * wrong prediction where they see it. The pick is stored as a training label for the next model.
 */
export function CorrectableBadge(props: Props) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const menuId = useId();
  const root = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === 'Escape'
          : !root.current?.contains(event.target as Node)
      ) {
        setOpen(false);
      }
    };
    window.addEventListener('mousedown', close);
    window.addEventListener('keydown', close);
    return () => {
      window.removeEventListener('mousedown', close);
      window.removeEventListener('keydown', close);
    };
  }, [open]);

  const pick = async (label: string) => {
    setBusy(true);
    setError(null);
    try {
      await props.onCorrect(label);
      setOpen(false);
    } catch (caught) {
      setError(failureText(caught, 'The correction was not saved'));
    } finally {
      setBusy(false);
    }
  };

  const name = (label: string) => props.names?.[label] ?? labelText(label);
  return (
    <span className="badge-wrap" ref={root}>
      <button
        type="button"
        className={`badge ${props.className}${props.corrected ? ' badge-corrected' : ''}`}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title={`Wrong? Correct the ${props.task} label`}
        onClick={() => setOpen((shown) => !shown)}
        disabled={props.labels.length === 0}
      >
        {props.children}
        {props.corrected && <span className="corrected-mark"> · corrected</span>}
      </button>
      {open && (
        <span
          className="correction-menu"
          role="menu"
          id={menuId}
          aria-label={`Correct ${props.task}`}
        >
          {props.labels.map((label) => (
            <button
              key={label}
              type="button"
              role="menuitemradio"
              aria-checked={label === props.current}
              disabled={busy}
              onClick={() => void pick(label)}
            >
              {name(label)}
            </button>
          ))}
          {error && (
            <span className="form-error" role="alert">
              {error}
            </span>
          )}
        </span>
      )}
    </span>
  );
}
