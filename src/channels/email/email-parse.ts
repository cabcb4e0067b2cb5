import { convert } from 'html-to-text';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import { safeText, trimQuotedHistory } from './email-text.js';

/** The header Hearken puts on every mail it sends: a mail carrying it is never taken as a customer's. */
export const ownMailHeader = 'X-Hearken-Reply';

export interface ParsedCustomerMail {
  kind: 'message';
  messageId: string;
  from: { address: string; name: string | null };
  subject: string;
  text: string;
  date: number | null;
  inReplyTo: string | null;
  references: string[];
  /** An auto-reply or bulk mail: filed, but nothing may ever answer it automatically. */
  automated: boolean;
  attachments: {
    filename: string | null;
    content_type: string;
    size: number;
    checksum: string | null;
    content_base64?: string;
  }[];
}

export type ParsedMailOutcome =
  | ParsedCustomerMail
  /** A delivery status notification about a mail we sent. */
  | { kind: 'report'; originalMessageId: string; delivered: boolean; reason: string | null }
  /** One of our own mails (a copy, a loop): ignored. */
  | { kind: 'own' };

/** A Message-ID without its angle brackets and surrounding space. */
export function bareMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const match = /<([^<>\s]+)>/.exec(value);
  const id = (match?.[1] ?? value).trim();
  return id.length > 0 && id.length <= 200 ? id : null;
}

function referencesOf(parsed: ParsedMail): string[] {
  const raw = parsed.references;
  const list = Array.isArray(raw) ? raw : raw ? raw.split(/\s+/) : [];
  return list.map(bareMessageId).filter((id): id is string => id !== null);
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  for (const object of objects) {
    for (const entry of object.value) {
      if (entry.address) return { address: entry.address.toLowerCase(), name: entry.name || null };
    }
  }
  return undefined;
}

function headerText(parsed: ParsedMail, name: string): string {
  const value = parsed.headers.get(name.toLowerCase());
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && 'value' in value) return String(value.value);
  return String(value);
}

/**
 * Auto-replies and bulk mail (RFC 3834 `Auto-Submitted`, `Precedence`, the vendors' own headers):
 * they are filed, but never answered automatically, which is how mail loops start.
 */
export function isAutomated(parsed: ParsedMail): boolean {
  const autoSubmitted = headerText(parsed, 'auto-submitted').trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== 'no') return true;
  const precedence = headerText(parsed, 'precedence').trim().toLowerCase();
  if (['bulk', 'junk', 'list', 'auto_reply'].includes(precedence)) return true;
  for (const header of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    if (parsed.headers.has(header)) return true;
  }
  return false;
}

function deliveryReport(source: string, ownId: string | null): ParsedMailOutcome | undefined {
  const action = /^Action:\s*([a-z]+)/im.exec(source)?.[1]?.toLowerCase();
  if (!action) return undefined;
  const ids = [...source.matchAll(/^Message-ID:\s*(<[^>\r\n]+>)/gim)]
    .map((match) => bareMessageId(match[1]))
    .filter((id): id is string => id !== null && id !== ownId);
  const original = ids[0];
  if (!original) return undefined;
  if (action === 'delayed' || action === 'relayed' || action === 'expanded') return undefined;
  const status = /^Status:\s*([0-9.]+)/im.exec(source)?.[1] ?? null;
  const diagnostic = /^Diagnostic-Code:\s*(.+(?:\r?\n[ \t]+.+)*)/im
    .exec(source)?.[1]
    ?.replace(/\s+/g, ' ')
    .trim();
  const reason = [status, diagnostic].filter(Boolean).join(' ') || null;
  return { kind: 'report', originalMessageId: original, delivered: action === 'delivered', reason };
}

/** Reads one raw mail as a customer message, a delivery report, or one of our own. */
export async function parseMail(
  source: Buffer,
  options: { accountAddress: string; attachmentMaxBytes: number },
): Promise<ParsedMailOutcome> {
  const parsed = await simpleParser(source, { skipImageLinks: true, skipTextToHtml: true });
  const messageId = bareMessageId(parsed.messageId);
  if (parsed.headers.has(ownMailHeader.toLowerCase())) return { kind: 'own' };
  const contentType = parsed.headers.get('content-type');
  const reportType =
    contentType && typeof contentType === 'object' && 'params' in contentType
      ? (contentType.params as Record<string, string>)['report-type']
      : undefined;
  if (reportType?.toLowerCase() === 'delivery-status') {
    const report = deliveryReport(source.toString('utf8'), messageId);
    if (report) return report;
  }
  const from = firstAddress(parsed.from);
  if (from?.address === options.accountAddress) return { kind: 'own' };
  // An HTML-only mail is reduced to its text (no tag, script or style survives; quoted
  // blockquotes are history), never stored or shown as HTML.
  const plain =
    parsed.text && parsed.text.trim().length > 0
      ? parsed.text
      : typeof parsed.html === 'string'
        ? convert(parsed.html, {
            wordwrap: false,
            selectors: [
              { selector: 'a', options: { ignoreHref: true } },
              { selector: 'img', format: 'skip' },
              { selector: 'blockquote', format: 'skip' },
            ],
          })
        : '';
  const body = trimQuotedHistory(plain);
  const subject = safeText(parsed.subject ?? '').slice(0, 500);
  const date = parsed.date && Number.isFinite(parsed.date.getTime()) ? parsed.date.getTime() : null;
  return {
    kind: 'message',
    messageId: messageId ?? '',
    from: from ?? { address: 'unknown@invalid', name: null },
    subject,
    text: safeText(body.length > 0 ? body : subject),
    date,
    inReplyTo: bareMessageId(parsed.inReplyTo),
    references: referencesOf(parsed),
    automated: isAutomated(parsed),
    attachments: parsed.attachments.map((attachment) => ({
      filename: attachment.filename ? safeText(attachment.filename).slice(0, 255) : null,
      content_type: attachment.contentType,
      size: attachment.size,
      checksum: attachment.checksum ?? null,
      ...(attachment.size <= options.attachmentMaxBytes
        ? { content_base64: attachment.content.toString('base64') }
        : {}),
    })),
  };
}
