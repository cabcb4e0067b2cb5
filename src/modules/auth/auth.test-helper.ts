import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sha256 } from './credentials.js';

/** A browser for sign-in tests: an address, and the cookies it was given. */
export interface TestBrowser {
  address: string;
  cookies: Map<string, string>;
}

export function browser(address: string): TestBrowser {
  return { address, cookies: new Map() };
}

export function cookieHeader(from: TestBrowser): string {
  return [...from.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
}

export async function signInFrom(
  app: FastifyInstance,
  from: TestBrowser,
  email: string,
  password: string,
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: from.address,
    headers: { 'user-agent': 'test-browser/1.0', cookie: cookieHeader(from) },
  });
  for (const cookie of response.cookies) from.cookies.set(cookie.name, cookie.value);
  return response;
}

/** The key the throttle keeps an account's counters under. */
export function accountKeyOf(email: string): string {
  return sha256(email.trim().toLowerCase());
}
