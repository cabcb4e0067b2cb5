import { describe, expect, it } from 'vitest';
import type { LiveEvent } from './live-hub.js';
import { type Envelope, maxPayloadBytes, packEnvelopes } from './postgres-fan-out.js';

const created = (messageId: number): LiveEvent => ({
  type: 'message.created',
  organisationId: 1,
  conversationId: messageId,
  messageId,
  direction: 'inbound',
});

describe('the events of one commit sent to other processes', () => {
  it('fit as few NOTIFY payloads as the size limit allows, in order, none lost', () => {
    const events = Array.from({ length: 2000 }, (_, index) => created(index + 1));
    const payloads = packEnvelopes('origin-1', 'schema_a', events);
    // ~110 bytes an event: a batch of 2,000 events is a few dozen payloads, not 2,000.
    expect(payloads.length).toBeGreaterThan(1);
    expect(payloads.length).toBeLessThan(50);
    for (const payload of payloads) {
      expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(maxPayloadBytes);
    }
    const envelopes = payloads.map((payload) => JSON.parse(payload) as Envelope);
    expect(new Set(envelopes.map((envelope) => `${envelope.origin}/${envelope.scope}`))).toEqual(
      new Set(['origin-1/schema_a']),
    );
    expect(envelopes.flatMap((envelope) => envelope.events)).toEqual(events);
  });

  it('sends one payload for a commit of one event, and none for none', () => {
    expect(packEnvelopes('o', 's', [created(7)])).toHaveLength(1);
    expect(packEnvelopes('o', 's', [])).toEqual([]);
  });

  it('never splits an event, even one larger than the limit', () => {
    const payloads = packEnvelopes('o', 's', [created(1), created(2), created(3)], 10);
    expect(payloads.map((payload) => (JSON.parse(payload) as Envelope).events.length)).toEqual([
      1, 1, 1,
    ]);
  });
});
