import { Type } from '@sinclair/typebox';

export const JobSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  status: Type.String(),
  attempts: Type.Integer(),
  max_attempts: Type.Integer(),
  run_at: Type.String(),
  last_error: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  updated_at: Type.String({ description: 'The last change; for a dead job, when it died.' }),
  payload_preview: Type.String({
    description:
      "The payload's JSON cut to 200 characters (… when cut). It can hold customer text: show it as text.",
  }),
});

export const JobListSchema = Type.Object({ data: Type.Array(JobSchema) });

export const JobListQuerystring = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('ready'), Type.Literal('running'), Type.Literal('dead')]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const RetriedJobsSchema = Type.Object({ retried: Type.Integer() });

/** A write that answers 204 with no body. */
export const NoContent = Type.Null();

const count = (description: string) => Type.Integer({ minimum: 0, description });

export const StatsSchema = Type.Object({
  contacts: count('Contacts that are people of their own (not merged into another).'),
  conversations: count('Conversations.'),
  conversations_with_customer_message: count('Conversations with at least one customer message.'),
  messages: count('Messages.'),
  channel_accounts: count('Channel accounts.'),
  teams: count('Teams.'),
  inbound_events: count('Inbound events received.'),
  inbound_events_unprocessed: count('Inbound events not processed yet.'),
  jobs_pending: count("The organisation's (and system-wide) jobs waiting or running."),
  jobs_dead: count("The organisation's (and system-wide) dead jobs."),
  transaction_retries: count(
    'Transactions this server process ran again after a deadlock or serialization failure since it started.',
  ),
});
