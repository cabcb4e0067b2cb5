/**
 * Wrenfield Bank, the fictional company of the demo: a digital bank with customers on three
 * continents and support teams in three timezones. Every name here is invented; addresses use
 * the reserved `.example` domain and phone numbers come from ranges set aside for fiction.
 */
export const demoCompany = {
  name: 'Wrenfield Bank',
  shortName: 'Wrenfield',
  /** The fee whose announcement the demo's backlash is about. */
  fee: '$5',
  feeWaiver: '$1,000',
  appVersion: '5.2',
  fixedAppVersion: '5.2.1',
} as const;

export type DemoTeamKey = 'billing' | 'product' | 'social';

export interface DemoTeam {
  key: DemoTeamKey;
  name: string;
  timezone: string;
  /** Local hours the team answers in: [start, end). */
  hours: readonly [number, number];
  weekends: boolean;
  agents: readonly { first: string; last: string }[];
}

export const demoTeams: readonly DemoTeam[] = [
  {
    key: 'billing',
    name: 'Billing',
    timezone: 'Australia/Sydney',
    hours: [8, 18],
    weekends: false,
    agents: [
      { first: 'Liam', last: 'Tran' },
      { first: 'Grace', last: 'Adeyemi' },
      { first: 'Mei', last: 'Sato' },
    ],
  },
  {
    key: 'product',
    name: 'Product',
    timezone: 'Europe/Berlin',
    hours: [8, 18],
    weekends: false,
    agents: [
      { first: 'Jonas', last: 'Brenner' },
      { first: 'Aylin', last: 'Demir' },
      { first: 'Tomasz', last: 'Wrobel' },
    ],
  },
  {
    key: 'social',
    name: 'Social',
    timezone: 'America/Chicago',
    hours: [7, 22],
    weekends: true,
    agents: [
      { first: 'Rosa', last: 'Delgado' },
      { first: 'Marcus', last: 'Bell' },
      { first: 'Hannah', last: 'Okafor' },
    ],
  },
];

export type DemoAccountKey =
  | 'twitterHelp'
  | 'twitterStatus'
  | 'facebook'
  | 'emailBilling'
  | 'emailApp'
  | 'whatsapp';

export type DemoChannel = 'twitter' | 'facebook' | 'email' | 'whatsapp';

export interface DemoAccount {
  key: DemoAccountKey;
  channel: DemoChannel;
  handle: string;
  name: string;
  team: DemoTeamKey;
}

export const demoAccounts: readonly DemoAccount[] = [
  {
    key: 'twitterHelp',
    channel: 'twitter',
    handle: 'WrenfieldHelp',
    name: 'Wrenfield Help',
    team: 'social',
  },
  {
    key: 'twitterStatus',
    channel: 'twitter',
    handle: 'WrenfieldStatus',
    name: 'Wrenfield Status',
    team: 'product',
  },
  {
    key: 'facebook',
    channel: 'facebook',
    handle: 'wrenfieldbank',
    name: 'Wrenfield Bank',
    team: 'social',
  },
  {
    key: 'emailBilling',
    channel: 'email',
    handle: 'billing@wrenfield.example',
    name: 'Wrenfield Billing',
    team: 'billing',
  },
  {
    key: 'emailApp',
    channel: 'email',
    handle: 'appsupport@wrenfield.example',
    name: 'Wrenfield App Support',
    team: 'product',
  },
  {
    key: 'whatsapp',
    channel: 'whatsapp',
    handle: '+61255504477',
    name: 'Wrenfield on WhatsApp',
    team: 'billing',
  },
];

export function demoAccount(key: DemoAccountKey): DemoAccount {
  const account = demoAccounts.find((candidate) => candidate.key === key);
  if (!account) throw new Error(`the demo has no account ${key}`);
  return account;
}

export function demoTeam(key: DemoTeamKey): DemoTeam {
  const team = demoTeams.find((candidate) => candidate.key === key);
  if (!team) throw new Error(`the demo has no team ${key}`);
  return team;
}
