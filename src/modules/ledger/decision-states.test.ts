import { describe, expect, it } from 'vitest';
import { foldDecisionEvents, reopenProblem, transitionProblem } from './decision-states.js';

describe('decision states', () => {
  it('moves forward, skipping steps when the change is quick', () => {
    expect(
      transitionProblem({ state: 'received', outcome: null }, { to: 'acknowledged' }),
    ).toBeNull();
    expect(
      transitionProblem(
        { state: 'received', outcome: null },
        { to: 'shipped', outcome: 'will_change' },
      ),
    ).toBeNull();
    expect(
      transitionProblem({ state: 'decided', outcome: 'will_change' }, { to: 'in_progress' }),
    ).toBeNull();
  });

  it('never goes back or stays in place (reopening is its own action)', () => {
    expect(
      transitionProblem({ state: 'shipped', outcome: 'will_change' }, { to: 'in_progress' }),
    ).toMatch(/already shipped/);
    expect(
      transitionProblem({ state: 'acknowledged', outcome: null }, { to: 'acknowledged' }),
    ).toMatch(/already/);
  });

  it('needs an outcome to decide, and a reason not to change', () => {
    expect(transitionProblem({ state: 'acknowledged', outcome: null }, { to: 'decided' })).toMatch(
      /outcome/,
    );
    expect(
      transitionProblem(
        { state: 'acknowledged', outcome: null },
        { to: 'decided', outcome: 'will_not_change' },
      ),
    ).toMatch(/reason/);
    expect(
      transitionProblem(
        { state: 'acknowledged', outcome: null },
        { to: 'decided', outcome: 'will_not_change', reason: 'the law requires the fee' },
      ),
    ).toBeNull();
  });

  it('lets only a decision to change go on to in progress, shipped and confirmed', () => {
    expect(
      transitionProblem(
        { state: 'received', outcome: null },
        { to: 'shipped', outcome: 'will_not_change', reason: 'no' },
      ),
    ).toMatch(/ends at decided/);
    expect(
      transitionProblem({ state: 'decided', outcome: 'will_not_change' }, { to: 'in_progress' }),
    ).toMatch(/ends at decided/);
    expect(
      transitionProblem(
        { state: 'decided', outcome: 'will_change' },
        { to: 'shipped', outcome: 'will_not_change' },
      ),
    ).toMatch(/already decided/);
  });

  it('refuses every step of a merged decision', () => {
    expect(transitionProblem({ state: 'merged', outcome: null }, { to: 'confirmed' })).toMatch(
      /merged/,
    );
    expect(reopenProblem({ state: 'merged', outcome: null })).toMatch(/merged/);
  });

  it('reopens only what was decided', () => {
    expect(reopenProblem({ state: 'under_consideration', outcome: null })).toMatch(/only/);
    expect(reopenProblem({ state: 'shipped', outcome: 'will_change' })).toBeNull();
  });

  it('derives the state from the events alone', () => {
    expect(
      foldDecisionEvents([
        { kind: 'created', to_state: 'received', outcome: null },
        { kind: 'feedback_linked', to_state: null, outcome: null },
        { kind: 'state_changed', to_state: 'decided', outcome: 'will_change' },
        { kind: 'state_changed', to_state: 'shipped', outcome: null },
      ]),
    ).toEqual({ state: 'shipped', outcome: 'will_change' });
    expect(
      foldDecisionEvents([
        { kind: 'created', to_state: 'received', outcome: null },
        { kind: 'state_changed', to_state: 'shipped', outcome: 'will_change' },
        { kind: 'reopened', to_state: 'under_consideration', outcome: null },
      ]),
    ).toEqual({ state: 'under_consideration', outcome: null });
    expect(
      foldDecisionEvents([
        { kind: 'created', to_state: 'received', outcome: null },
        { kind: 'merged_into', to_state: 'merged', outcome: null },
      ]).state,
    ).toBe('merged');
  });
});
