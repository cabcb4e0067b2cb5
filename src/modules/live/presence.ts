import type { Static } from '@sinclair/typebox';
import type { ViewerSchema } from './live.schema.js';

/** One person on a conversation, as the presence answer and the live stream show them. */
export type Viewer = Static<typeof ViewerSchema>;
export type PresenceState = Viewer['state'];

/** A heartbeat: this user is on this conversation until `expiresAt` unless they beat again. */
export interface PresenceHeartbeat {
  type: 'presence.heartbeat';
  organisationId: number;
  conversationId: number;
  userId: number;
  name: string;
  /** null: the user left the conversation. */
  state: PresenceState | null;
  expiresAt: number;
}

interface Entry {
  name: string;
  state: PresenceState;
  expiresAt: number;
}

/**
 * Who is on which conversation, kept in memory. Every process receives every heartbeat (through
 * LISTEN/NOTIFY on PostgreSQL), so each one holds the same picture without a shared store; an
 * entry lapses when its heartbeats stop, so a closed laptop does not stay "viewing" for ever.
 */
export class PresenceRegistry {
  private readonly byConversation = new Map<string, Map<number, Entry>>();

  private key(organisationId: number, conversationId: number): string {
    return `${organisationId}:${conversationId}`;
  }

  /** Applies a heartbeat; answers whether the conversation's viewers changed. */
  apply(heartbeat: PresenceHeartbeat, now: number): boolean {
    const key = this.key(heartbeat.organisationId, heartbeat.conversationId);
    const viewers = this.byConversation.get(key) ?? new Map<number, Entry>();
    const before = viewers.get(heartbeat.userId);
    if (heartbeat.state === null || heartbeat.expiresAt <= now) {
      viewers.delete(heartbeat.userId);
    } else {
      viewers.set(heartbeat.userId, {
        name: heartbeat.name,
        state: heartbeat.state,
        expiresAt: heartbeat.expiresAt,
      });
    }
    if (viewers.size === 0) this.byConversation.delete(key);
    else this.byConversation.set(key, viewers);
    const after = viewers.get(heartbeat.userId);
    return before?.state !== after?.state || before?.name !== after?.name;
  }

  viewers(organisationId: number, conversationId: number, now: number): Viewer[] {
    const viewers = this.byConversation.get(this.key(organisationId, conversationId));
    if (!viewers) return [];
    return [...viewers.entries()]
      .filter(([, entry]) => entry.expiresAt > now)
      .map(([userId, entry]) => ({ user_id: userId, name: entry.name, state: entry.state }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Drops lapsed entries; returns the conversations whose viewers changed. */
  prune(now: number): { organisationId: number; conversationId: number }[] {
    const changed: { organisationId: number; conversationId: number }[] = [];
    for (const [key, viewers] of this.byConversation) {
      let removed = false;
      for (const [userId, entry] of viewers) {
        if (entry.expiresAt <= now) {
          viewers.delete(userId);
          removed = true;
        }
      }
      if (viewers.size === 0) this.byConversation.delete(key);
      if (removed) {
        const [organisationId, conversationId] = key.split(':').map(Number);
        changed.push({
          organisationId: organisationId as number,
          conversationId: conversationId as number,
        });
      }
    }
    return changed;
  }
}
