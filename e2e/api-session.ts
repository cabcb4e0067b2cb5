/** A signed-in API session for setting up e2e scenarios (users, labels, tokens, inbound). */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
    private readonly csrf: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
    const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!response.ok) throw new Error(`sign-in failed: ${await response.text()}`);
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const body = (await response.json()) as { csrf_token: string };
    return new ApiSession(baseUrl, cookie, body.csrf_token);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async createUser(
    name: string,
    role: 'agent' | 'lead' | 'analyst',
    email: string,
    password: string,
  ) {
    await this.request('POST', '/api/v1/users', { name, role, email, password });
  }

  async inboundToken(): Promise<string> {
    const created = await this.request<{ token: string }>('POST', '/api/v1/tokens', {
      name: 'e2e channel',
      scopes: ['inbound:write'],
    });
    return created.token;
  }
}

export async function postInbound(
  baseUrl: string,
  token: string,
  message: { handle: string; name: string; text: string; externalId: string },
): Promise<void> {
  const response = await fetch(`${baseUrl}/api/v1/inbound`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      channel: 'twitter',
      channel_account: 'AcmeSupport',
      external_id: message.externalId,
      direction: 'inbound',
      author: { handle: message.handle, name: message.name },
      text: message.text,
      created_at: new Date().toISOString(),
    }),
  });
  if (response.status !== 202) throw new Error(`inbound failed: ${await response.text()}`);
}
