import { Value } from '@sinclair/typebox/value';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DomainEvent } from '../../platform/events.js';
import { type ClientEvent, LiveEventSchema } from './live.schema.js';

describe('the live event schema', () => {
  it('names every domain event exactly as the server publishes it', () => {
    // A domain event added or changed without its schema fails the type check (npm run typecheck).
    expectTypeOf<
      Exclude<ClientEvent, { type: 'ready' | 'presence' }>
    >().toEqualTypeOf<DomainEvent>();
  });

  it('accepts what the stream sends and refuses what it does not', () => {
    const sent: ClientEvent[] = [
      { type: 'ready' },
      {
        type: 'presence',
        conversationId: 3,
        viewers: [{ user_id: 1, name: 'Ana', state: 'typing' }],
      },
      { type: 'conversation.updated', organisationId: 1, conversationId: 3, changes: ['status'] },
    ];
    for (const event of sent) expect(Value.Check(LiveEventSchema, event)).toBe(true);
    expect(Value.Check(LiveEventSchema, { type: 'message.created', conversationId: 3 })).toBe(
      false,
    );
  });
});
