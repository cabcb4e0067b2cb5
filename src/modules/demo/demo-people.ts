import type { DemoChannel } from './demo-company.js';
import { DemoRandom } from './demo-random.js';

const firstNames = [
  'Maya',
  'Ethan',
  'Priya',
  'Noah',
  'Chloe',
  'Lucas',
  'Amara',
  'Oliver',
  'Sofia',
  'Daniel',
  'Zara',
  'Felix',
  'Hana',
  'Leo',
  'Isla',
  'Mateo',
  'Nadia',
  'Samuel',
  'Ruby',
  'Kai',
  'Elena',
  'Jack',
  'Aisha',
  'Theo',
  'Ingrid',
  'Omar',
  'Freya',
  'Diego',
  'Yuki',
  'Callum',
  'Lena',
  'Arjun',
  'Tessa',
  'Ravi',
  'Mila',
  'Connor',
  'Fatima',
  'Hugo',
  'Aroha',
  'Nico',
  'Bea',
  'Tariq',
  'Jade',
  'Malik',
  'Ines',
  'Owen',
  'Sienna',
  'Ibrahim',
  'Clara',
  'Jasper',
] as const;

const lastNames = [
  'Harlow',
  'Okonkwo',
  'Lindqvist',
  'Marsh',
  'Castellano',
  'Whitford',
  'Nakamura',
  'Brennan',
  'Ferreira',
  'Holloway',
  'Achterberg',
  'Pillai',
  'Donovan',
  'Szabo',
  'Quinlan',
  'Moreau',
  'Kowalczyk',
  'Ashby',
  'Varga',
  'Thornbury',
  'Ekwueme',
  'Galloway',
  'Rautio',
  'Delacroix',
  'Fenwick',
  'Mbeki',
  'Strand',
  'Caldwell',
  'Ortega',
  'Pemberton',
  'Haddad',
  'Nguyen',
  'Lachlan',
  'Brightwell',
  'Sorensen',
  'Yilmaz',
  'Carrick',
  'Tamura',
  'Wexley',
  'Abara',
] as const;

/**
 * Where customers live, with how many of them (the bank is strongest in Australia), and a
 * phone prefix from the ranges reserved for fiction (+61 491 570, +44 7700 900, 555-01xx).
 */
const homes = [
  ['Australia/Sydney', 0.3, '+61491570'],
  ['Australia/Melbourne', 0.12, '+61491570'],
  ['Europe/London', 0.14, '+447700900'],
  ['Europe/Berlin', 0.12, '+447700900'],
  ['America/Chicago', 0.14, '+131255501'],
  ['America/New_York', 0.12, '+121255501'],
  ['America/Los_Angeles', 0.06, '+121355501'],
] as const;

export interface DemoCustomer {
  first: string;
  last: string;
  timezone: string;
  handles: Record<DemoChannel, string>;
}

/**
 * The demo's customers. Each has an identity on every channel, so one person can write by
 * e-mail first and then on social media (the "social bypass" the product detects).
 */
export function demoCustomers(seed: number, count: number): DemoCustomer[] {
  const random = DemoRandom.derive(seed, 'customers');
  const customers: DemoCustomer[] = [];
  const usedNames = new Set<string>();
  const usedHandles = new Set<string>();
  while (customers.length < count) {
    const first = random.pick(firstNames);
    const last = random.pick(lastNames);
    const key = `${first} ${last}`;
    if (usedNames.has(key) && usedNames.size < firstNames.length * lastNames.length) continue;
    usedNames.add(key);
    const [timezone, , phonePrefix] = random.weighted(
      homes.map((home) => [home, home[1]] as const),
    );
    let twitter = twitterHandle(random, first, last);
    while (usedHandles.has(twitter.toLowerCase())) twitter = `${twitter}${random.int(0, 9)}`;
    usedHandles.add(twitter.toLowerCase());
    const index = customers.length;
    customers.push({
      first,
      last,
      timezone,
      handles: {
        twitter,
        // Facebook page messages identify people by an opaque page-scoped number.
        facebook: String(7_340_000_000_000_000 + index * 7919 + random.int(0, 7000)),
        email:
          `${first}.${last}${index}@${random.pick(['example.com', 'example.net', 'example.org'])}`.toLowerCase(),
        whatsapp: phonePrefix.startsWith('+1')
          ? `${phonePrefix}${String(index % 100).padStart(2, '0')}`
          : `${phonePrefix}${100 + (index % 200)}`,
      },
    });
  }
  return customers;
}

function twitterHandle(random: DemoRandom, first: string, last: string): string {
  const style = random.int(0, 3);
  if (style === 0) return `${first.toLowerCase()}_${last.toLowerCase()}`.slice(0, 15);
  if (style === 1) return `${first}${last.slice(0, 1)}${random.int(10, 99)}`;
  if (style === 2) return `${first.slice(0, 1).toLowerCase()}${last.toLowerCase()}`.slice(0, 15);
  return `the${first.toLowerCase()}${random.int(1, 9)}`;
}
