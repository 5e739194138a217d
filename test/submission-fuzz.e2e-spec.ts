import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApi, TestApi } from './support/api';
import { newCitizen } from './support/auth';
import { btsBody, ownedFiles } from './support/dossiers';

describe('debug', () => {
  let api: TestApi;
  beforeAll(async () => { api = await startTestApi({ LOG_LEVEL: 'silent' }); });
  afterAll(() => api.close());
  it('x', async () => {
    const c = await newCitizen(api);
    const files = await ownedFiles(api, c.userId, 5);
    const valid = JSON.stringify(btsBody(files));
    const send = async (label: string, text: string | Buffer, headers: Record<string, string>) => {
      let req = request(api.http).post('/api/v1/dossiers').set(c.auth).set('Idempotency-Key', randomUUID());
      for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
      const r = await req.send(text);
      console.log(label, r.status, r.headers['content-type'], (r.text ?? '').slice(0, 200));
    };
    await send('multipart', valid, { 'Content-Type': 'multipart/form-data' });
    await send('multipart b', valid, { 'Content-Type': 'multipart/form-data; boundary=xyz' });
    await send('text', valid, { 'Content-Type': 'text/plain' });
    await send('latin1', valid, { 'Content-Type': 'application/json; charset=latin1' });
    await send('utf16', valid, { 'Content-Type': 'application/json; charset=utf-16' });
    await send('gzip bad', valid, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
    await send('deflate bad', valid, { 'Content-Type': 'application/json', 'Content-Encoding': 'deflate' });
    await send('br bad', valid, { 'Content-Type': 'application/json', 'Content-Encoding': 'br' });
    await send('unknown enc', valid, { 'Content-Type': 'application/json', 'Content-Encoding': 'x-foo' });
    await send('problem+json', valid, { 'Content-Type': 'application/problem+json' });
    await send('vnd+json', valid, { 'Content-Type': 'application/vnd.foo+json' });
    await send('empty json', '', { 'Content-Type': 'application/json' });
    await send('null', 'null', { 'Content-Type': 'application/json' });
    await send('number', '5', { 'Content-Type': 'application/json' });
    await send('trunc', valid.slice(0, 50), { 'Content-Type': 'application/json' });
    await send('big', '{"a":"' + 'x'.repeat(1.1e6) + '"}', { 'Content-Type': 'application/json' });
    await send('bom', '\ufeff' + valid, { 'Content-Type': 'application/json' });
    await send('invalid utf8', Buffer.concat([Buffer.from(valid.slice(0, -2)), Buffer.from([0xff, 0xfe]), Buffer.from('}')]), { 'Content-Type': 'application/json' });
    await send('bad utf8 in string', Buffer.from(valid.replace('Viettel"', 'Viettel\u00ff"'), 'latin1'), { 'Content-Type': 'application/json' });
  });
});
