import { describe, expect, it } from 'vitest';
import { type PresenceHeartbeat, PresenceRegistry } from './presence.js';

const beat = (overrides: Partial<PresenceHeartbeat>): PresenceHeartbeat => ({
  type: 'presence.heartbeat',
  organisationId: 1,
  conversationId: 7,
  userId: 1,
  name: 'Ada',
  state: 'viewing',
  expiresAt: 30_000,
  ...overrides,
});

describe('presence registry', () => {
  it('lists viewers per conversation and reports changes only when something changed', () => {
    const registry = new PresenceRegistry();
    expect(registry.apply(beat({}), 0)).toBe(true);
    expect(registry.apply(beat({ expiresAt: 40_000 }), 1000)).toBe(false);
    expect(registry.apply(beat({ userId: 2, name: 'Bo', state: 'typing' }), 0)).toBe(true);
    expect(registry.viewers(1, 7, 1000)).toEqual([
      { user_id: 1, name: 'Ada', state: 'viewing' },
      { user_id: 2, name: 'Bo', state: 'typing' },
    ]);
    expect(registry.viewers(2, 7, 1000)).toEqual([]);
  });

  it('forgets a user who leaves or whose heartbeats stop', () => {
    const registry = new PresenceRegistry();
    registry.apply(beat({}), 0);
    registry.apply(beat({ userId: 2, name: 'Bo', expiresAt: 10_000 }), 0);
    expect(registry.apply(beat({ state: null }), 1000)).toBe(true);
    expect(registry.prune(20_000)).toEqual([{ organisationId: 1, conversationId: 7 }]);
    expect(registry.viewers(1, 7, 20_000)).toEqual([]);
  });
});
