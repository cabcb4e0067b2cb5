import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../../platform/database/connection.js';
import type { Database } from '../../platform/database/schema.js';

export interface MessageSentiment {
  label: string | null;
  polarity: number | null;
}

const labelColumns = ['sentiment', 'sentiment_label'];
const polarityColumns = ['sentiment_polarity', 'polarity', 'sentiment_score'];

/**
 * Sentiment of messages as the classification stage stored it. That stage is built beside this
 * module, so the table may not exist yet (then every message counts as `unknown`), and its
 * column names are matched from a short list instead of being compiled in.
 */
export async function readSentiments(
  db: Kysely<Database>,
  dialect: DialectName,
  messageIds: number[],
): Promise<Map<number, MessageSentiment>> {
  const result = new Map<number, MessageSentiment>();
  if (messageIds.length === 0) return result;
  const columns = await classificationColumns(db, dialect);
  if (!columns) return result;
  const label = labelColumns.find((column) => columns.has(column));
  const polarity = polarityColumns.find((column) => columns.has(column));
  if (!label && !polarity) return result;
  for (let start = 0; start < messageIds.length; start += 500) {
    const ids = messageIds.slice(start, start + 500);
    const rows = await sql<Record<string, unknown>>`
      select * from message_classifications
      where message_id in (${sql.join(ids)})
    `.execute(db);
    for (const row of rows.rows) {
      const labelValue = label ? row[label] : null;
      const polarityValue = polarity ? row[polarity] : null;
      result.set(Number(row.message_id), {
        label: typeof labelValue === 'string' ? labelValue : null,
        polarity:
          polarityValue === null || polarityValue === undefined ? null : Number(polarityValue),
      });
    }
  }
  return result;
}

async function classificationColumns(
  db: Kysely<Database>,
  dialect: DialectName,
): Promise<Set<string> | null> {
  const rows =
    dialect === 'postgres'
      ? await sql<{ name: string }>`
          select column_name as name from information_schema.columns
          where table_name = 'message_classifications' and table_schema = current_schema()
        `.execute(db)
      : await sql<{ name: string }>`
          select name from pragma_table_info('message_classifications')
        `.execute(db);
  if (rows.rows.length === 0) return null;
  return new Set(rows.rows.map((row) => row.name));
}
