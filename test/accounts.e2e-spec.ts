import request from 'supertest';
import { JwtService } from '@nestjs/jwt';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '@motcua/identity';
import { TEST_SEED_PASSWORD } from '@motcua/testing';
import { startTestApi, TestApi } from './support/api';

describe('accounts and access', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  const citizen = {
    fullName: 'Nguyễn Văn An',
    idNumber: '001203004567',
    phone: '+84 912 345 679',
    email: 'an.nguyen@example.vn',
    password: 'matkhau2026',
  };

  const fieldsOf = (response: request.Response) => response.body.errors?.map((e: { field: string }) => e.field);

  it('registers a citizen whose ID number becomes the username', async () => {
    const response = await request(api.http).post('/api/v1/auth/register').send(citizen).expect(201);
    expect(response.body).toMatchObject({ username: '001203004567', fullName: 'Nguyễn Văn An', roles: ['CITIZEN'], phone: '0912345679' });
    expect(response.body.passwordHash).toBeUndefined();
  });

  it('refuses a second account with the same ID number', async () => {
    const response = await request(api.http).post('/api/v1/auth/register').send({ ...citizen, email: 'other@example.vn' });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('account_exists');
  });

  it.each([
    [{ idNumber: '00120300456' }, 'idNumber'],
    [{ idNumber: '00120300456X' }, 'idNumber'],
    [{ phone: '+1 202 555 0143' }, 'phone'],
    [{ phone: '0212345678' }, 'phone'],
    [{ email: 'not-an-email' }, 'email'],
    [{ password: 'short1' }, 'password'],
    [{ password: 'onlyletters' }, 'password'],
    [{ fullName: 'x'.repeat(101) }, 'fullName'],
    [{ fullName: 'Robert"); DROP TABLE users;--' }, 'fullName'],
    [{ isAdmin: true }, 'isAdmin'],
  ])('refuses registration with %p naming %s', async (change, field) => {
    const response = await request(api.http).post('/api/v1/auth/register').send({ ...citizen, idNumber: '079203000001', email: 'x@example.vn', ...change });
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(fieldsOf(response)).toContain(field);
  });

  it('refuses a body missing every field, naming each', async () => {
    const response = await request(api.http).post('/api/v1/auth/register').send({});
    expect(response.status).toBe(422);
    expect(new Set(fieldsOf(response))).toEqual(new Set(['fullName', 'idNumber', 'phone', 'email', 'password']));
  });

  it('answers malformed JSON with 400 malformed_json', async () => {
    const response = await request(api.http).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"username": ');
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('malformed_json');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await request(api.http).post('/api/v1/auth/login').set('Content-Type', 'text/plain').send('username=head');
    expect(response.status).toBe(415);
    expect(response.body.code).toBe('unsupported_media_type');
  });

  it('answers a JSON body over the limit with 413', async () => {
    const response = await request(api.http)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'x' }));
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('payload_too_large');
  });

  it('logs in with the ID number or the e-mail and reads the account back', async () => {
    const login = await request(api.http).post('/api/v1/auth/login').send({ username: 'AN.NGUYEN@example.vn', password: citizen.password }).expect(200);
    expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { username: '001203004567' } });
    const me = await request(api.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${login.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ idNumber: '001203004567', email: citizen.email });
  });

  it('logs in a seeded officer with the roles and unit in the token', async () => {
    const login = await request(api.http).post('/api/v1/auth/login').send({ username: 'head', password: TEST_SEED_PASSWORD }).expect(200);
    expect(login.body.user).toMatchObject({ username: 'head', roles: ['HEAD'] });
    expect(login.body.user.divisionId).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown user the same way', async () => {
    const wrong = await request(api.http).post('/api/v1/auth/login').send({ username: 'director', password: 'wrong-password-1' });
    const unknown = await request(api.http).post('/api/v1/auth/login').send({ username: 'nobody', password: 'wrong-password-1' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_credentials');
    }
  });

  it(`locks an account after ${MAX_FAILED_LOGINS} failures, even for the right password`, async () => {
    for (let i = 0; i < MAX_FAILED_LOGINS - 1; i++) {
      await request(api.http).post('/api/v1/auth/login').send({ username: 'specialist', password: `guess-${i}-x` }).expect(401);
    }
    const locking = await request(api.http).post('/api/v1/auth/login').send({ username: 'specialist', password: 'guess-last-x' });
    expect(locking.status).toBe(429);
    expect(locking.body.code).toBe('account_locked');
    const retryAfter = Number(locking.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOCKOUT_MINUTES * 60 - 10);
    expect(retryAfter).toBeLessThanOrEqual(LOCKOUT_MINUTES * 60);
    const right = await request(api.http).post('/api/v1/auth/login').send({ username: 'specialist', password: TEST_SEED_PASSWORD });
    expect(right.status).toBe(429);
  });

  describe('tokens', () => {
    it('requires one on protected routes', async () => {
      const response = await request(api.http).get('/api/v1/auth/me');
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('unauthorized');
    });

    it('refuses a forged token', async () => {
      const forged = await new JwtService({ secret: 'some-other-secret-of-at-least-32-chars' }).signAsync(
        { sub: 'x', roles: ['ADMIN'] },
        { issuer: 'motcua' },
      );
      const response = await request(api.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('invalid_token');
    });

    it('refuses an expired token', async () => {
      const expired = await new JwtService({ secret: api.config.auth.jwtSecret }).signAsync(
        { sub: 'x', roles: ['ADMIN'], exp: Math.floor(Date.now() / 1000) - 60 },
        { issuer: 'motcua' },
      );
      const response = await request(api.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('token_expired');
    });

    it('refuses a token signed with "none"', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const payload = Buffer.from(JSON.stringify({ sub: 'x', roles: ['ADMIN'], iss: 'motcua' })).toString('base64url');
      const response = await request(api.http).get('/api/v1/auth/me').set('Authorization', `Bearer ${header}.${payload}.x`);
      expect(response.status).toBe(401);
    });
  });
});
