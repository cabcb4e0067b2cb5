import { publicUrl } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import { escapeHtml, htmlDocument } from '../../platform/html.js';
import { organisationById } from '../organisations/index.js';
import { countLinks } from './decision.repository.js';
import { checkBackSummary, listPublishedSteps } from './loop.repository.js';

/**
 * "You said, we did": published steps only, with their public notes and counts; never a name,
 * a handle or a customer's words (quotes need the owner's approval and `public_name`, not built
 * yet). Everything shown is escaped; the page needs no JavaScript.
 */
export interface PublicStep {
  id: number;
  decisionId: number;
  title: string;
  description: string;
  state: string | null;
  note: string | null;
  at: number;
  feedback: number;
  people: number;
  checkBack: { yes: number; partly: number; no: number };
}

const stateWords: Record<string, string> = {
  acknowledged: 'We heard it',
  under_consideration: 'Under consideration',
  decided: 'Decided',
  in_progress: 'In progress',
  shipped: 'Changed',
  confirmed: 'Confirmed',
};

export async function publicSteps(context: AppContext, organisationId: number, limit = 100) {
  const db = context.database.db;
  const [organisation, steps] = await Promise.all([
    organisationById(context, organisationId),
    listPublishedSteps(db, organisationId, limit),
  ]);
  const decisionIds = [...new Set(steps.map((step) => Number(step.decision_id)))];
  const counts = await countLinks(db, decisionIds);
  const checkBacks = new Map<number, { yes: number; partly: number; no: number }>();
  for (const id of decisionIds) checkBacks.set(id, await checkBackSummary(db, organisationId, id));
  return {
    organisationName: organisation?.name ?? 'Hearken',
    steps: steps.map(
      (step): PublicStep => ({
        id: Number(step.id),
        decisionId: Number(step.decision_id),
        title: step.title,
        description: step.public_description,
        state: step.to_state,
        note: step.public_note,
        at: Number(step.created_at),
        feedback: counts.get(Number(step.decision_id))?.feedback ?? 0,
        people: counts.get(Number(step.decision_id))?.people ?? 0,
        checkBack: checkBacks.get(Number(step.decision_id)) ?? { yes: 0, partly: 0, no: 0 },
      }),
    ),
  };
}

/** The page's HTML in one function, so the portal frame can take it over as it is. */
export function youSaidWeDidHtml(page: { organisationName: string; steps: PublicStep[] }): string {
  const items = page.steps.map((step) => {
    const answered = step.checkBack.yes + step.checkBack.partly + step.checkBack.no;
    const checkBack =
      answered > 0
        ? `<p class="muted">Asked afterwards: ${step.checkBack.yes} said it fixed their problem, ${step.checkBack.partly} partly, ${step.checkBack.no} not.</p>`
        : '';
    return `<article id="step-${step.id}">
<h2>${escapeHtml(step.title)}</h2>
<p><strong>${escapeHtml(stateWords[step.state ?? ''] ?? 'Update')}</strong> · <time datetime="${new Date(step.at).toISOString()}">${new Date(step.at).toISOString().slice(0, 10)}</time></p>
${step.note ? `<p>${escapeHtml(step.note)}</p>` : ''}
<p class="muted">Raised by ${step.people} ${step.people === 1 ? 'person' : 'people'} in ${step.feedback} ${step.feedback === 1 ? 'message' : 'messages'}.</p>
${checkBack}
</article>`;
  });
  return htmlDocument({
    title: `You said, we did · ${page.organisationName}`,
    head: '<link rel="alternate" type="application/atom+xml" title="You said, we did" href="/you-said-we-did/feed.atom">',
    body: `<h1>You said, we did</h1>
<p>What ${escapeHtml(page.organisationName)} changed, or decided, because customers told us. <a href="/you-said-we-did/feed.atom">Atom feed</a></p>
${items.length > 0 ? items.join('\n') : '<p>Nothing published yet.</p>'}`,
  });
}

export function youSaidWeDidAtom(
  context: AppContext,
  page: { organisationName: string; steps: PublicStep[] },
): string {
  const base = publicUrl(context.config);
  const updated = new Date(page.steps[0]?.at ?? 0).toISOString();
  const entries = page.steps.map(
    (step) => `<entry>
<id>${escapeHtml(`${base}/you-said-we-did#step-${step.id}`)}</id>
<title>${escapeHtml(`${stateWords[step.state ?? ''] ?? 'Update'}: ${step.title}`)}</title>
<updated>${new Date(step.at).toISOString()}</updated>
<link href="${escapeHtml(`${base}/you-said-we-did#step-${step.id}`)}"/>
<summary>${escapeHtml(step.note ?? step.description)}</summary>
</entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${escapeHtml(`${base}/you-said-we-did`)}</id>
<title>${escapeHtml(`You said, we did · ${page.organisationName}`)}</title>
<updated>${updated}</updated>
<link rel="self" href="${escapeHtml(`${base}/you-said-we-did/feed.atom`)}"/>
<link href="${escapeHtml(`${base}/you-said-we-did`)}"/>
${entries.join('\n')}
</feed>`;
}

export function checkBackFormHtml(input: { token: string; answer: string }): string {
  const option = (value: string, label: string) =>
    `<label><input type="radio" name="answer" value="${value}"${input.answer === value ? ' checked' : ''}> ${label}</label><br>`;
  return htmlDocument({
    title: 'Did this fix it for you?',
    body: `<h1>Did this fix it for you?</h1>
<form method="post" action="/api/v1/loop/check-back">
<input type="hidden" name="token" value="${escapeHtml(input.token)}">
<fieldset><legend>Your answer</legend>
${option('yes', 'Yes')}${option('partly', 'Partly')}${option('no', 'No')}
</fieldset>
<p><label for="comment">Anything to add? (optional)</label><br><textarea id="comment" name="comment" rows="4" maxlength="4000"></textarea></p>
<fieldset><legend>Do you believe your feedback changes things here? (optional)</legend>
<label><input type="radio" name="believes_influence" value="yes"> Yes</label>
<label><input type="radio" name="believes_influence" value="no"> No</label>
</fieldset>
<p><button type="submit">Send</button></p>
</form>`,
  });
}
