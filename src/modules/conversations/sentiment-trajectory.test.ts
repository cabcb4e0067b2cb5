import { describe, expect, it } from 'vitest';
import { sentimentTrajectory, type TrajectoryMessage } from './sentiment-trajectory.js';

let id = 0;
function customer(sentiment: string | null, anger = 0.1, direction = 'inbound'): TrajectoryMessage {
  id++;
  return {
    id,
    direction,
    is_private_note: 0,
    created_at: id * 1000,
    sentiment,
    sentiment_score: sentiment === null ? null : 0,
    anger_score: sentiment === null ? null : anger,
  };
}

const trend = (messages: TrajectoryMessage[], corrections = new Map()) =>
  sentimentTrajectory(messages, corrections).trend;

describe('sentimentTrajectory', () => {
  it('compares the latest classified customer message with the first, by label', () => {
    expect(trend([customer('negative'), customer('neutral')])).toBe('improving');
    expect(trend([customer('positive'), customer('negative'), customer('positive')])).toBe(
      'steady',
    );
    expect(trend([customer('neutral'), customer('positive'), customer('negative')])).toBe(
      'worsening',
    );
  });

  it('with the same label, turning angry is worse and calming down is better', () => {
    expect(trend([customer('negative', 0.1), customer('negative', 0.9)])).toBe('worsening');
    expect(trend([customer('negative', 0.9), customer('negative', 0.2)])).toBe('improving');
  });

  it('skips replies, notes and unclassified messages, and needs two readings', () => {
    const note = { ...customer('positive'), is_private_note: 1 };
    const reply = customer('positive', 0, 'outbound');
    const result = sentimentTrajectory(
      [customer('negative'), reply, note, customer(null)],
      new Map(),
    );
    expect(result.points.map((point) => point.sentiment)).toEqual(['negative', null]);
    expect(result).toMatchObject({ first: 'negative', latest: 'negative', trend: null });
  });

  it("lets an agent's corrections win", () => {
    const first = customer('negative', 0.9);
    const last = customer('positive', 0.9);
    const result = sentimentTrajectory(
      [first, last],
      new Map<number, Record<string, string>>([
        [first.id, { anger: 'other' }],
        [last.id, { sentiment: 'neutral', anger: 'other' }],
      ]),
    );
    expect(result.points[1]).toMatchObject({ sentiment: 'neutral', angry: false, corrected: true });
    expect(result.points[0]).toMatchObject({ angry: false, corrected: false });
    expect(result.trend).toBe('improving');
  });
});
