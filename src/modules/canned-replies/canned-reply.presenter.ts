import type { Static } from '@sinclair/typebox';
import { iso } from '../../platform/time.js';
import type {
  CannedReplyListSchema,
  CannedReplySchema,
  RenderedCannedReplySchema,
} from './canned-reply.schema.js';

interface CannedReplyRow {
  id: number;
  shortcut: string;
  title: string;
  body: string;
  updated_at: number;
}

export function presentCannedReply(row: CannedReplyRow): Static<typeof CannedReplySchema> {
  return {
    id: row.id,
    shortcut: row.shortcut,
    title: row.title,
    body: row.body,
    updated_at: iso(row.updated_at),
  };
}

export function presentCannedReplyList(
  rows: CannedReplyRow[],
): Static<typeof CannedReplyListSchema> {
  return { data: rows.map(presentCannedReply) };
}

export function presentRenderedCannedReply(text: string): Static<typeof RenderedCannedReplySchema> {
  return { text };
}
