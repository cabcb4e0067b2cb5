import { describe, expect, it } from 'vitest';
import { mailInstant } from './email-inbound.js';
import { threadHeaders } from './email-outbound.js';
import { bareMessageId, parseMail } from './email-parse.js';
import { trimQuotedHistory } from './email-text.js';

const options = { accountAddress: 'support@support.test', attachmentMaxBytes: 16 };

const mail = (headers: string[], body: string) =>
  Buffer.from([...headers, '', body, ''].join('\r\n'));

describe('reading a mail', () => {
  it('reduces HTML to text, drops quoted history and keeps attachments within the limit', async () => {
    const boundary = 'b1';
    const parsed = await parseMail(
      mail(
        [
          'From: "Robin" <Robin@Customer.test>',
          'To: support@support.test',
          'Subject: Card declined',
          'Message-ID: <abc@customer.test>',
          'In-Reply-To: <ours@support.test>',
          'References: <first@customer.test> <ours@support.test>',
          'MIME-Version: 1.0',
          `Content-Type: multipart/mixed; boundary="${boundary}"`,
        ],
        [
          `--${boundary}`,
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>My <b>card</b> was declined<script>steal()</script></p><blockquote>old</blockquote>',
          `--${boundary}`,
          'Content-Type: text/plain; name="small.txt"',
          'Content-Disposition: attachment; filename="small.txt"',
          '',
          'tiny',
          `--${boundary}`,
          'Content-Type: application/octet-stream; name="big.bin"',
          'Content-Disposition: attachment; filename="big.bin"',
          '',
          'x'.repeat(100),
          `--${boundary}--`,
        ].join('\r\n'),
      ),
      options,
    );
    expect(parsed.kind).toBe('message');
    if (parsed.kind !== 'message') return;
    expect(parsed.from).toEqual({ address: 'robin@customer.test', name: 'Robin' });
    expect(parsed.text).toContain('My card was declined');
    expect(parsed.text).not.toContain('<');
    expect(parsed.text).not.toContain('steal()');
    expect(parsed.inReplyTo).toBe('ours@support.test');
    expect(parsed.references).toEqual(['first@customer.test', 'ours@support.test']);
    expect(parsed.automated).toBe(false);
    const [small, big] = parsed.attachments;
    expect(small).toMatchObject({ filename: 'small.txt', content_base64: expect.any(String) });
    expect(big).toMatchObject({ filename: 'big.bin', size: 100 });
    expect(big?.content_base64).toBeUndefined();
  });

  it('recognises auto-replies and our own mails', async () => {
    const autoReply = await parseMail(
      mail(
        ['From: robin@customer.test', 'Subject: Out of office', 'Auto-Submitted: auto-replied'],
        'I am away',
      ),
      options,
    );
    expect(autoReply).toMatchObject({ kind: 'message', automated: true });
    const bulk = await parseMail(
      mail(['From: news@customer.test', 'Precedence: bulk'], 'Newsletter'),
      options,
    );
    expect(bulk).toMatchObject({ automated: true });
    const own = await parseMail(
      mail(['From: support@support.test', 'Subject: Re: x'], 'our copy'),
      options,
    );
    expect(own).toEqual({ kind: 'own' });
    const looped = await parseMail(
      mail(['From: robin@customer.test', 'X-Hearken-Reply: key'], 'bounced back to us'),
      options,
    );
    expect(looped).toEqual({ kind: 'own' });
  });

  it('matches delivery notices to the Message-ID they report on', async () => {
    const dsn = (action: string, status: string, diagnostic: string) =>
      mail(
        [
          'From: MAILER-DAEMON@support.test',
          'Message-Id: <dsn-1@support.test>',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="r"',
          'MIME-Version: 1.0',
        ],
        [
          '--r',
          'Content-Type: text/plain',
          '',
          'Report',
          '--r',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mail.support.test',
          '',
          'Final-Recipient: rfc822; ghost@customer.test',
          `Action: ${action}`,
          `Status: ${status}`,
          `Diagnostic-Code: ${diagnostic}`,
          '--r',
          'Content-Type: text/rfc822-headers',
          '',
          'Message-ID: <hearken.k1@support.test>',
          'Subject: Re: Refund',
          '--r--',
        ].join('\r\n'),
      );
    expect(
      await parseMail(dsn('failed', '5.1.1', 'smtp; 550 5.1.1 User unknown'), options),
    ).toEqual({
      kind: 'report',
      originalMessageId: 'hearken.k1@support.test',
      delivered: false,
      reason: '5.1.1 smtp; 550 5.1.1 User unknown',
    });
    expect(await parseMail(dsn('delivered', '2.0.0', 'smtp; 250 ok'), options)).toMatchObject({
      kind: 'report',
      delivered: true,
    });
  });
});

describe('threading a reply', () => {
  it('answers the latest customer mail and carries the chain and the first subject', () => {
    expect(
      threadHeaders([
        { externalId: 'a@c', raw: { subject: 'Card declined', references: [] } },
        { externalId: 'b@c', raw: { subject: 'Re: Card declined', references: ['a@c', 'h@s'] } },
      ]),
    ).toEqual({
      subject: 'Re: Card declined',
      inReplyTo: '<b@c>',
      references: '<a@c> <h@s> <b@c>',
    });
    expect(bareMessageId(' <x@y> ')).toBe('x@y');
  });

  it('trims the quoted history of the common clients', () => {
    expect(trimQuotedHistory('New text\n\nOn Mon, 1 Dec 2026, Shop wrote:\n> old')).toBe(
      'New text',
    );
    expect(trimQuotedHistory('Hi\n> quoted\nBye\n-- \nRobin')).toBe('Hi\nBye');
    expect(trimQuotedHistory('Top\nFrom: Shop\nSent: Monday\nold')).toBe('Top');
  });
});

describe('when a mail was written', () => {
  const now = Date.parse('2026-12-02T10:00:05.500Z');
  it('places a whole-second Date header at the end of its second, never after the arrival', () => {
    expect(mailInstant(Date.parse('2026-12-02T10:00:03Z'), now)).toBe(
      Date.parse('2026-12-02T10:00:03.999Z'),
    );
    expect(mailInstant(Date.parse('2026-12-02T10:00:05Z'), now)).toBe(now);
    expect(mailInstant(Date.parse('2026-12-02T09:00:00.250Z'), now)).toBe(
      Date.parse('2026-12-02T09:00:00.250Z'),
    );
  });
  it('takes the arrival time for a broken clock', () => {
    expect(mailInstant(null, now)).toBe(now);
    expect(mailInstant(-1000, now)).toBe(now);
    expect(mailInstant(now + 2 * 3_600_000, now)).toBe(now);
  });
});
