import type { LabelledText } from '../nlp/index.js';

/** Short sentences written for the tests (no data-set text). */
export const TOY_SENTIMENT: LabelledText[] = [
  ...[
    'i love this, thank you so much',
    'great service and friendly staff',
    'what a wonderful day, happy',
    'brilliant help, really pleased',
    'the new app is awesome',
    'thanks, that was quick and easy',
    'lovely people, best support ever',
    'so happy with my order',
  ].map((text) => ({ text, label: 'positive' })),
  ...[
    'this is terrible, i hate it',
    'worst service, still waiting',
    'my order is late and broken',
    'awful support, never again',
    'the app crashed and lost my data',
    'so disappointed and angry',
    'rude staff and a horrible wait',
    'refund still missing, useless',
  ].map((text) => ({ text, label: 'negative' })),
  ...[
    'the store opens at nine',
    'my order number is in the email',
    'which branch is on main street',
    'the update comes out on monday',
    'i am at the airport',
    'the bus leaves from platform two',
    'we will talk about it tomorrow',
    'there is a meeting at noon',
  ].map((text) => ({ text, label: 'neutral' })),
];
