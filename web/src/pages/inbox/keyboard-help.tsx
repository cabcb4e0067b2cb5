import { useEffect, useRef } from 'react';

const shortcuts: [string, string][] = [
  ['j / k', 'Next / previous conversation'],
  ['Enter', 'Open the selected conversation'],
  ['r', 'Reply to the customer'],
  ['n', 'Write an internal note'],
  ['Ctrl + Enter', 'Send (in the composer)'],
  ['e', 'Resolve the open conversation'],
  ['/', 'Search messages'],
  ['Esc', 'Leave a field or close this'],
  ['?', 'Show or hide these shortcuts'],
];

/** Escape closes it too: the inbox's key handler owns Escape. */
export function KeyboardHelp({ onClose }: { onClose(): void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), []);
  return (
    <div className="overlay">
      <button type="button" className="backdrop" aria-label="Close shortcuts" onClick={onClose} />
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <dl className="shortcuts">
          {shortcuts.map(([keys, action]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{action}</dd>
            </div>
          ))}
        </dl>
        <button type="button" ref={closeRef} onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
