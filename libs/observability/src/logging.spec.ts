import { Writable } from 'node:stream';
import fastify from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import pino from 'pino';
import { logRequests, requestId } from './logging.module';

/** A logger, and every line it writes, parsed. */
function captureLogs(): [pino.Logger, Record<string, unknown>[]] {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, next) {
      lines.push(JSON.parse(chunk.toString()));
      next();
    },
  });
  return [pino({ level: 'info' }, sink), lines];
}

describe('request logging', () => {
  const [root, lines] = captureLogs();
  const server = fastify({ genReqId: requestId });
  logRequests(server, root);
  // What services use: inside a request it logs through the request's logger.
  const inRequest = new PinoLogger({ pinoHttp: {} });
  server.get('/api/v1/work', async () => {
    inRequest.info('working on it');
    return { ok: true };
  });
  server.get('/api/v1/missing', async (_request, reply) => reply.status(404).send({}));
  server.get('/api/v1/health', async () => ({ status: 'ok' }));
  afterAll(() => server.close());
  beforeEach(() => lines.splice(0));

  it('logs one line per request, and what is logged while it runs carries its id', async () => {
    await server.inject({ url: '/api/v1/work', headers: { 'x-request-id': 'portal-7' } });
    expect(lines).toEqual([
      expect.objectContaining({ msg: 'working on it', reqId: 'portal-7', level: 30 }),
      expect.objectContaining({ msg: 'request completed', reqId: 'portal-7', level: 30, req: expect.objectContaining({ method: 'GET', url: '/api/v1/work' }), res: { statusCode: 200 } }),
    ]);
  });

  it('logs client errors at warn and makes an id when the caller sent none or a bad one', async () => {
    await server.inject({ url: '/api/v1/missing', headers: { 'x-request-id': 'bad id' } });
    expect(lines).toEqual([expect.objectContaining({ level: 40, res: { statusCode: 404 }, reqId: expect.stringMatching(/^[0-9a-f-]{36}$/) })]);
  });

  it('does not log health checks', async () => {
    await server.inject({ url: '/api/v1/health' });
    expect(lines).toEqual([]);
  });

  it('keeps concurrent requests apart', async () => {
    await Promise.all(['a-1', 'b-2', 'c-3'].map((id) => server.inject({ url: '/api/v1/work', headers: { 'x-request-id': id } })));
    const working = lines.filter((line) => line.msg === 'working on it').map((line) => line.reqId);
    expect(working.sort()).toEqual(['a-1', 'b-2', 'c-3']);
  });
});
