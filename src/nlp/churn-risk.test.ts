import { describe, expect, it } from 'vitest';
import { detectChurnRisk } from './churn-risk.js';

describe('detectChurnRisk', () => {
  it.each([
    ['I want to cancel my account today', 'wants to cancel their account'],
    ['Please close my account, I have had enough', 'wants to close their account'],
    [
      'Seriously thinking of switching to another bank',
      'says they are switching to another provider',
    ],
    ['Switching to @rivalco tomorrow', 'says they are switching to another provider'],
    ['leaving you for a better provider', 'says they are leaving for another provider'],
    ['I’m done with you', 'says they are done with the organisation'],
    ['Cancelling my subscription after this', 'wants to cancel their account'],
  ])('flags "%s"', (text, reason) => {
    expect(detectChurnRisk(text)).toEqual({ flag: true, reason });
  });

  it.each([
    'I do not want to cancel my account',
    "I won't be switching to another bank",
    'how do I switch to dark mode',
    'thanks for the help, all sorted',
    'the flight is leaving at noon',
  ])('does not flag "%s"', (text) => {
    expect(detectChurnRisk(text)).toEqual({ flag: false });
  });
});
