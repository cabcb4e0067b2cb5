import { useEffect, useRef, useState } from 'react';
import type { Viewer } from './api-client.js';

export type LiveEvent =
  | { type: 'ready' }
  | {
      type: 'message.created';
      conversationId: number;
      messageId: number;
      direction: 'inbound' | 'outbound';
    }
  | { type: 'note.created'; conversationId: number; messageId: number }
  | { type: 'conversation.created'; conversationId: number }
  | { type: 'conversation.updated'; conversationId: number; changes: string[] }
  | { type: 'conversation.merged'; conversationId: number; mergedIds: number[] }
  | { type: 'presence'; conversationId: number; viewers: Viewer[] }
  | { type: string; conversationId?: number };

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
