/**
 * The words of every notice, per purpose, template step and language, in code (reviewed like
 * code, translated beside each other). `{name}` placeholders take the notice's data; the text is
 * sent as plain text and as HTML built here, where every value is escaped, so a decision title or
 * a customer's words can never become markup.
 */
import { escapeHtml } from '../../platform/html.js';
export interface NoticeText {
  subject: string;
  body: string;
}

export interface RenderedNotice {
  subject: string;
  text: string;
  html: string;
}

/** Links the sender issues at send time (one-time tokens never sit in the database). */
export interface NoticeLinks {
  /** One click withdraws the consent the notice was sent under. */
  withdraw?: string;
  /** A one-time link that opens what the notice is about (a consultation) for the person. */
  open?: string;
  /** Answers of a check-back: each a link that records the answer. */
  answers?: { yes: string; partly: string; no: string };
}

export const noticeLanguages = ['en', 'fr'] as const;
export type NoticeLanguage = (typeof noticeLanguages)[number];

type Templates = Record<string, Record<string, Record<NoticeLanguage, NoticeText>>>;

const loopStep = (en: NoticeText, fr: NoticeText) => ({ en, fr });

const templates: Templates = {
  loop_notices: {
    acknowledged: loopStep(
      {
        subject: 'We heard you: {title}',
        body: 'You told us about something, and we have taken it up as "{title}".\n\n{note}',
      },
      {
        subject: 'Nous vous avons entendu : {title}',
        body: 'Vous nous avez fait part d’un problème ; nous l’avons repris sous « {title} ».\n\n{note}',
      },
    ),
    under_consideration: loopStep(
      {
        subject: 'We are looking into it: {title}',
        body: 'What you told us is now under consideration: "{title}".\n\n{note}',
      },
      {
        subject: 'Nous l’étudions : {title}',
        body: 'Ce que vous nous avez dit est à l’étude : « {title} ».\n\n{note}',
      },
    ),
    decided: loopStep(
      {
        subject: 'We have decided: {title}',
        body: 'We have made a decision about "{title}".\n\n{note}',
      },
      {
        subject: 'Notre décision : {title}',
        body: 'Nous avons pris une décision au sujet de « {title} ».\n\n{note}',
      },
    ),
    in_progress: loopStep(
      {
        subject: 'We are working on it: {title}',
        body: 'The change you asked for is in progress: "{title}".\n\n{note}',
      },
      {
        subject: 'C’est en cours : {title}',
        body: 'Le changement que vous avez demandé est en cours : « {title} ».\n\n{note}',
      },
    ),
    shipped: loopStep(
      {
        subject: 'It is done: {title}',
        body: 'Because you and others told us, this has changed: "{title}".\n\n{note}',
      },
      {
        subject: 'C’est fait : {title}',
        body: 'Grâce à vous et à d’autres, ceci a changé : « {title} ».\n\n{note}',
      },
    ),
    confirmed: loopStep(
      {
        subject: 'Confirmed: {title}',
        body: 'The change "{title}" is confirmed.\n\n{note}',
      },
      {
        subject: 'Confirmé : {title}',
        body: 'Le changement « {title} » est confirmé.\n\n{note}',
      },
    ),
    reopened: loopStep(
      {
        subject: 'We are looking at it again: {title}',
        body: 'We have reopened "{title}".\n\n{note}',
      },
      {
        subject: 'Nous rouvrons le sujet : {title}',
        body: 'Nous avons rouvert « {title} ».\n\n{note}',
      },
    ),
  },
  consultation: {
    invitation: loopStep(
      {
        subject: 'Your view is asked: {title}',
        body: 'We are consulting on a proposed change, "{title}", and would like your view before {closes}.\n\nThe link below opens it for you alone; it works once, in one browser.',
      },
      {
        subject: 'Votre avis est demandé : {title}',
        body: 'Nous consultons sur un projet de changement, « {title} », et aimerions votre avis avant le {closes}.\n\nLe lien ci-dessous l’ouvre pour vous seul ; il ne sert qu’une fois, dans un seul navigateur.',
      },
    ),
    reminder: loopStep(
      {
        subject: 'A reminder: your view on {title}',
        body: 'The consultation "{title}" closes on {closes}. There is still time to give your view.',
      },
      {
        subject: 'Rappel : votre avis sur {title}',
        body: 'La consultation « {title} » se termine le {closes}. Il est encore temps de donner votre avis.',
      },
    ),
    outcome: loopStep(
      {
        subject: 'What was decided: {title}',
        body: 'Thank you for taking part in the consultation "{title}". This is what was decided:\n\n{decision}',
      },
      {
        subject: 'La décision : {title}',
        body: 'Merci d’avoir participé à la consultation « {title} ». Voici ce qui a été décidé :\n\n{decision}',
      },
    ),
  },
  check_back: {
    check_back: loopStep(
      {
        subject: 'Did this fix it for you? {title}',
        body: 'Some time ago we changed this because of what you told us: "{title}".\n\nDid it fix the problem for you? One click answers:',
      },
      {
        subject: 'Est-ce réglé pour vous ? {title}',
        body: 'Il y a quelque temps, nous avons changé ceci suite à votre retour : « {title} ».\n\nLe problème est-il réglé pour vous ? Un clic suffit :',
      },
    ),
  },
};

const footers: Record<
  NoticeLanguage,
  { withdraw: string; answers: [string, string, string]; open: string }
> = {
  en: {
    open: 'Open it:',
    withdraw: 'Do not want to hear about what became of your feedback? Stop these messages:',
    answers: ['Yes', 'Partly', 'No'],
  },
  fr: {
    open: 'L’ouvrir :',
    withdraw:
      'Vous ne souhaitez plus être informé des suites de vos retours ? Arrêter ces messages :',
    answers: ['Oui', 'En partie', 'Non'],
  },
};

export function hasTemplate(purpose: string, templateStep: string): boolean {
  return templates[purpose]?.[templateStep] !== undefined;
}

export function languageOf(value: string | undefined): NoticeLanguage {
  const short = (value ?? '').toLowerCase().slice(0, 2);
  return (noticeLanguages as readonly string[]).includes(short) ? (short as NoticeLanguage) : 'en';
}

function fill(template: string, data: Record<string, unknown>): string {
  return template
    .replace(/\{(\w+)\}/g, (_, key: string) => {
      const value = data[key];
      return value === undefined || value === null ? '' : String(value);
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Renders a notice; throws for a purpose or step without a template (a programming error). */
export function renderNotice(input: {
  purpose: string;
  templateStep: string;
  language: NoticeLanguage;
  data: Record<string, unknown>;
  links: NoticeLinks;
}): RenderedNotice {
  const text = templates[input.purpose]?.[input.templateStep]?.[input.language];
  if (!text) throw new Error(`no notice template for ${input.purpose}/${input.templateStep}`);
  const footer = footers[input.language];
  const subject = fill(text.subject, input.data).replace(/[\r\n]+/g, ' ');
  const body = fill(text.body, input.data);
  const textParts = [body];
  const htmlParts = body.split(/\n{2,}/).map((paragraph) => `<p>${escapeLines(paragraph)}</p>`);
  if (input.links.open) {
    textParts.push(`${footer.open}\n${input.links.open}`);
    htmlParts.push(
      `<p>${escapeHtml(footer.open)} <a href="${escapeHtml(input.links.open)}">${escapeHtml(input.links.open)}</a></p>`,
    );
  }
  if (input.links.answers) {
    const { yes, partly, no } = input.links.answers;
    const answers: [string, string][] = [
      [footer.answers[0], yes],
      [footer.answers[1], partly],
      [footer.answers[2], no],
    ];
    textParts.push(answers.map(([label, url]) => `${label}: ${url}`).join('\n'));
    htmlParts.push(
      `<p>${answers.map(([label, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`).join(' · ')}</p>`,
    );
  }
  if (input.links.withdraw) {
    textParts.push(`--\n${footer.withdraw}\n${input.links.withdraw}`);
    htmlParts.push(
      `<hr><p><small>${escapeHtml(footer.withdraw)} <a href="${escapeHtml(input.links.withdraw)}">${escapeHtml(input.links.withdraw)}</a></small></p>`,
    );
  }
  return {
    subject,
    text: textParts.join('\n\n'),
    html: `<!doctype html><html><body>${htmlParts.join('\n')}</body></html>`,
  };
}

function escapeLines(paragraph: string): string {
  return paragraph.split('\n').map(escapeHtml).join('<br>');
}
