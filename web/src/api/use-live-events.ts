import { useEffect, useRef, useState } from 'react';
import type { LiveEvent } from './contract.js';

/**
 * One EventSource for the whole app. The browser reconnects by itself after a drop (the server
 * sets `retry`); `connected` drives the "Live" indicator so an agent knows when updates stall.
 */
export function useLiveEvents(onEvent: (event: LiveEvent) => void): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    const source = new EventSource('/api/v1/live');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.onmessage = (message) => {
      try {
        const event = JSON.parse(message.data as string) as LiveEvent;
        if (event.type === 'ready') setConnected(true);
        handler.current(event);
      } catch {
        // A malformed event is dropped; the next refresh brings the state back anyway.
      }
    };
    return () => source.close();
  }, []);

  return connected;
}
