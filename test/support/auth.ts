import request from 'supertest';
import { TEST_SEED_PASSWORD } from '@motcua/testing';
import type { TestApi } from './api';

export interface Session {
  token: string;
  userId: string;
  auth: { Authorization: string };
}

async function login(api: TestApi, username: string, password: string): Promise<Session> {
  const response = await request(api.http).post('/api/v1/auth/login').send({ username, password });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${JSON.stringify(response.body)}`);
  return { token: response.body.accessToken, userId: response.body.user.id, auth: { Authorization: `Bearer ${response.body.accessToken}` } };
}

/** Logs in a seeded development account (reception, specialist, head, director, admin, citizen, …). */
export function loginAs(api: TestApi, username: string): Promise<Session> {
  return login(api, username, TEST_SEED_PASSWORD);
}

let registered = 0;

/** Registers a fresh citizen with a unique ID number and logs them in. */
export async function newCitizen(api: TestApi, name = 'Trần Thị Bình'): Promise<Session & { idNumber: string }> {
  registered += 1;
  const idNumber = `0792${String(process.pid % 10000).padStart(4, '0')}${String(registered).padStart(4, '0')}`;
  const password = 'matkhau2026';
  const response = await request(api.http)
    .post('/api/v1/auth/register')
    .send({ fullName: name, idNumber, phone: '0987654321', email: `c${idNumber}@example.vn`, password });
  if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
  return { ...(await login(api, idNumber, password)), idNumber };
}
