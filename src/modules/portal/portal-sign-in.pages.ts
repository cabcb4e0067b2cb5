import type { FastifyInstance } from 'fastify';
import { html } from './html.js';
import type { PortalFrame } from './portal-frame.js';
import { portalPath } from './portal-layout.js';
import { requestPortalSignIn } from './portal-sign-in.service.js';

/** `/portal/sign-in`: a customer asks for an e-mailed link (no password anywhere). */
export function registerSignInPages(app: FastifyInstance, frame: PortalFrame): void {
  const form = (message: string | null) =>
    html`<h1>Sign in</h1>
${message ? html`<p class="notice" role="status">${message}</p>` : null}
<p>We will e-mail you a link that signs you in. No password needed.</p>
<form method="post" action="${portalPath('/sign-in')}">
<label for="sign-in-email">E-mail</label>
<input id="sign-in-email" type="email" name="email" required maxlength="254" autocomplete="email">
<p><button class="primary" type="submit">E-mail me a link</button></p>
</form>`;

  app.get('/sign-in', async (request, reply) => {
    const viewer = await frame.viewerOf(request);
    await frame.page(reply, viewer, {
      title: 'Sign in',
      description: 'Sign in to the community with a link sent by e-mail',
      path: '/sign-in',
      noIndex: true,
      body:
        viewer.kind === 'anonymous'
          ? form(null)
          : html`<h1>Sign in</h1><p>You are signed in. <a href="${portalPath('')}">Back to the community</a></p>`,
    });
  });

  app.post('/sign-in', async (request, reply) => {
    const viewer = await frame.viewerOf(request);
    const organisation = await frame.organisation();
    const body = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof body.email === 'string' ? body.email : '';
    const result = await requestPortalSignIn(frame.context, organisation.id, {
      email,
      address: request.ip,
    });
    const message =
      result === 'invalid'
        ? 'Enter an e-mail address such as name@example.com.'
        : result === 'limited'
          ? 'Too many sign-in links were asked for. Please wait an hour and try again.'
          : 'If that address can receive mail, a sign-in link is on its way. It works once, for 30 minutes.';
    await frame.page(
      reply,
      viewer,
      {
        title: 'Sign in',
        description: 'Sign in to the community with a link sent by e-mail',
        path: '/sign-in',
        noIndex: true,
        body: form(message),
      },
      result === 'invalid' ? 400 : result === 'limited' ? 429 : 200,
    );
  });
}
