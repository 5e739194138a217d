import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callWebhook } from './http-call';

describe('webhook call address check', () => {
  const call = (url: string) => callWebhook({ url, headers: {}, body: '{}', timeoutMs: 2000, policy: { allowPrivate: false } });

  it('refuses an internal IP literal without connecting', async () => {
    const answer = await call('http://169.254.169.254/latest/meta-data');
    expect(answer).toMatchObject({ statusCode: null, error: 'refused: 169.254.169.254 is link-local' });
  });

  it('refuses a name that resolves to an internal address, at connect time', async () => {
    const answer = await call('http://localhost:9/hook');
    expect(answer.statusCode).toBeNull();
    expect(answer.error).toMatch(/refused: .* is loopback/);
  });
});

describe('webhook calls to one receiver', () => {
  let server: Server;
  let url: string;
  const connections: unknown[] = [];
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        bodies.push(body);
        response.writeHead(204).end();
      });
    });
    server.on('connection', (socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/1`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('go over one kept-alive connection', async () => {
    const send = (n: number) => callWebhook({ url, headers: {}, body: `{"n":${n}}`, timeoutMs: 2000, policy: { allowPrivate: true } });
    const answers = [];
    for (let n = 1; n <= 3; n++) answers.push(await send(n));
    expect(answers.map((a) => a.statusCode)).toEqual([204, 204, 204]);
    expect(bodies).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(connections).toHaveLength(1);
  });
});

describe('webhook calls to a receiver that closes idle connections first', () => {
  let server: Server;
  let url: string;
  let connections = 0;
  const answered: string[] = [];

  beforeAll(async () => {
    // Answers the first request of each connection and drops the connection at the second, as a
    // server whose idle timeout ran out just before the reused connection's request arrived.
    server = createServer((request, response) => {
      const socket = request.socket as typeof request.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      if (socket.served > 1) return void socket.destroy();
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        answered.push(body);
        response.writeHead(204).end();
      });
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/2`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends the call again on a new connection, once per closed one', async () => {
    const send = (n: number) => callWebhook({ url, headers: {}, body: `{"n":${n}}`, timeoutMs: 2000, policy: { allowPrivate: true } });
    const first = await send(1);
    const second = await send(2);
    expect([first.statusCode, second.statusCode]).toEqual([204, 204]);
    expect(second.error).toBeNull();
    expect(answered).toEqual(['{"n":1}', '{"n":2}']);
    expect(connections).toBe(2);
  });
});

describe('webhook calls to a receiver that takes a request and then drops the connection', () => {
  let server: Server;
  let url: string;
  const received: string[] = [];

  beforeAll(async () => {
    // Handles every request, but answers only the first of each connection: on a reused one it
    // drops the connection after reading the body, as a receiver crashing in its handler would.
    server = createServer((request, response) => {
      const socket = request.socket as typeof request.socket & { served?: number };
      socket.served = (socket.served ?? 0) + 1;
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        received.push(body);
        if (socket.served! > 1) socket.destroy();
        else response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/3`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('sends a call at most twice, however many pooled connections would fail the same way', async () => {
    const send = (n: number) => callWebhook({ url, headers: {}, body: `{"n":${n}}`, timeoutMs: 2000, policy: { allowPrivate: true } });
    // Four connections answered once each, now idle in the pool.
    expect((await Promise.all([1, 2, 3, 4].map(send))).map((a) => a.statusCode)).toEqual([204, 204, 204, 204]);
    const answer = await send(5);
    expect(answer.statusCode).toBe(204);
    expect(received.filter((body) => body === '{"n":5}')).toHaveLength(2);
  });
});
