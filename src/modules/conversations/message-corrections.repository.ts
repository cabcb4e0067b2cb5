import type { Kysely } from 'kysely';
import { chunksOf } from '../../platform/database/chunks.js';
import type { Database } from '../../platform/database/schema.js';

/** Labels agents gave the messages of a thread, per message id and task. */
export async function correctionsOfMessages(
  db: Kysely<Database>,
  messageIds: number[],
): Promise<Map<number, Record<string, string>>> {
  const result = new Map<number, Record<string, string>>();
  for (const chunk of chunksOf(messageIds)) {
    const rows = await db
      .selectFrom('classification_corrections')
      .select(['message_id', 'task', 'label'])
      .where('message_id', 'in', chunk)
      .execute();
    for (const row of rows) {
      const labels = result.get(row.message_id) ?? {};
      labels[row.task] = row.label;
      result.set(row.message_id, labels);
    }
  }
  return result;
}
