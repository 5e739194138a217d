import { randomUUID } from 'node:crypto';
import { btsBody } from '../../support/dossiers';
import { query } from './drill';

export interface ApiSession {
  token: string;
  userId: string;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, session?: ApiSession, body?: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async login(username: string, password = 'Motcua@2026'): Promise<ApiSession> {
    const { status, body } = await this.request('POST', '/api/v1/auth/login', undefined, { username, password });
    if (status !== 200) throw new Error(`login ${username}: ${status}`);
    return { token: body.accessToken, userId: body.user.id };
  }

  /** A BTS submission with its documents "already uploaded" (file rows written directly). */
  async submitBts(databaseUrl: string, citizen: ApiSession, key = randomUUID()) {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const [row] = await query<{ id: string }>(
        databaseUrl,
        "INSERT INTO files (owner_id, name, mime_type, size, sha256) VALUES ($1, 'doc.pdf', 'application/pdf', 2048, $2) RETURNING id",
        [citizen.userId, randomUUID().replace(/-/g, '').padEnd(64, '0')],
      );
      ids.push(row.id);
    }
    return this.request('POST', '/api/v1/dossiers', citizen, btsBody(ids), { 'idempotency-key': key });
  }
}
