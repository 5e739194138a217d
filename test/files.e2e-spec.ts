import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { FilesService, FilesSweeper, LocalFileStorage, MAX_UPLOAD_BYTES, SWEEP_LOCK_KEY } from '@motcua/files';
import { startTestApi, TestApi } from './support/api';
import { loginAs, newCitizen, Session } from './support/auth';
import { pdf } from './support/files';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A 1×1 PNG and the smallest valid JPEG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=',
  'base64',
);
const WINDOWS_EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00', 'latin1'), randomBytes(512)]);
const LINUX_ELF = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), randomBytes(512)]);

describe('file uploads', () => {
  let api: TestApi;
  let storageDir: string;
  let citizen: Session;
  let files: FilesService;
  let dataSource: DataSource;

  beforeAll(async () => {
    // A private storage folder: blob counts and removals must not see other test files' blobs.
    storageDir = await mkdtemp(join(tmpdir(), 'motcua-files-e2e-'));
    api = await startTestApi({ STORAGE_DIR: storageDir });
    citizen = await newCitizen(api);
    files = api.app.get(FilesService);
    dataSource = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api.close();
    await rm(storageDir, { recursive: true, force: true });
  });

  /** The API on a real port, for a raw HTTP client that can announce a length and not send it. */
  async function withRawServer<T>(use: (port: number) => Promise<T>): Promise<T> {
    const fastify = api.app.getHttpAdapter().getInstance();
    const server = createServer((req, res) => fastify.routing(req, res)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      return await use((server.address() as AddressInfo).port);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
  const upload = (session: Session, bytes: Buffer, filename: string, contentType: string) =>
    request(api.http).post('/api/v1/files').set(session.auth).attach('file', bytes, { filename, contentType });
  const blobPath = (digest: string) => new LocalFileStorage(storageDir).pathOf(digest);
  const rowsWith = async (digest: string): Promise<number> =>
    Number((await dataSource.query('SELECT count(*) AS n FROM files WHERE sha256 = $1', [digest]))[0].n);
  /** Every file under the storage folder, with no leftovers of refused uploads. */
  async function storedFiles(dir = storageDir): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? storedFiles(join(dir, e.name)) : [join(dir, e.name)])));
    return nested.flat();
  }

  describe('POST /files', () => {
    it.each([
      ['a PDF', pdf(), 'application/pdf'],
      ['a PNG', PNG, 'image/png'],
      ['a JPEG', JPEG, 'image/jpeg'],
    ])('stores %s, typed from its bytes whatever the name and Content-Type say', async (_what, bytes, mimeType) => {
      const response = await upload(citizen, bytes, 'x.bin', 'application/octet-stream').expect(201);
      expect(response.body).toEqual({ id: expect.stringMatching(UUID), name: 'x.bin', mimeType, size: bytes.length, sha256: sha256(bytes) });
      expect(existsSync(blobPath(sha256(bytes)))).toBe(true);
    });

    it('lets the one-stop desk upload for a citizen', async () => {
      const reception = await loginAs(api, 'reception');
      await upload(reception, pdf(), 'don.pdf', 'application/pdf').expect(201);
    });

    it('keeps a Vietnamese file name, without its path', async () => {
      const response = await upload(citizen, pdf(), 'C:\\Hồ sơ\\Giấy phép xây dựng.pdf', 'application/pdf').expect(201);
      expect(response.body.name).toBe('Giấy phép xây dựng.pdf');
    });

    it.each([
      ['a Windows executable', WINDOWS_EXE],
      ['a Linux executable', LINUX_ELF],
      ['an empty file', Buffer.alloc(0)],
    ])('refuses %s named scan.pdf and sent as application/pdf, keeping nothing', async (_what, bytes) => {
      const before = await storedFiles();
      const response = await upload(citizen, bytes, 'scan.pdf', 'application/pdf');
      expect(response.status).toBe(415);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'unsupported_file_type', accepted: ['application/pdf', 'image/jpeg', 'image/png'] });
      expect(await rowsWith(sha256(bytes))).toBe(0);
      expect(await storedFiles()).toEqual(before);
    });

    it('refuses a file one byte over the limit, keeping nothing', async () => {
      const tooBig = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
      pdf().copy(tooBig);
      const before = await storedFiles();
      const response = await upload(citizen, tooBig, 'big.pdf', 'application/pdf');
      expect(response.status).toBe(413);
      expect(response.body).toMatchObject({ code: 'file_too_large', maxBytes: MAX_UPLOAD_BYTES });
      expect(await storedFiles()).toEqual(before);
    });

    it('refuses a body announced larger than the limit without reading it', async () => {
      const answer = await withRawServer(
        (port) =>
          new Promise<{ status?: number; body: string }>((resolve, reject) => {
            const outgoing = httpRequest({
              host: '127.0.0.1',
              port,
              method: 'POST',
              path: '/api/v1/files',
              headers: { ...citizen.auth, 'Content-Type': 'multipart/form-data; boundary=b', 'Content-Length': String(2 * MAX_UPLOAD_BYTES) },
            });
            outgoing.on('response', (response) => {
              let body = '';
              response.on('data', (chunk) => (body += chunk)).on('end', () => resolve({ status: response.statusCode, body }));
            });
            outgoing.on('error', reject);
            outgoing.write('--b\r\n'); // and never the rest: the answer must not wait for it
          }),
      );
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).code).toBe('file_too_large');
    });

    it('keeps nothing of a body that ends in the middle of the file', async () => {
      const response = await request(api.http)
        .post('/api/v1/files')
        .set(citizen.auth)
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send(Buffer.concat([Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'), pdf()]));
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('malformed_multipart');
      await waitFor(async () => (await readdir(join(storageDir, 'incomplete'))).length === 0);
    });

    it('keeps nothing of an upload the client abandons', async () => {
      const bytes = pdf();
      await withRawServer(async (port) => {
        const outgoing = httpRequest({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/v1/files',
          headers: { ...citizen.auth, 'Content-Type': 'multipart/form-data; boundary=xyz', 'Content-Length': '100000' },
        });
        outgoing.on('error', () => undefined);
        outgoing.write(Buffer.concat([Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n'), bytes]));
        await waitFor(async () => (await readdir(join(storageDir, 'incomplete'))).length === 1);
        outgoing.destroy();
        await waitFor(async () => (await readdir(join(storageDir, 'incomplete'))).length === 0);
      });
      expect(await rowsWith(sha256(bytes))).toBe(0);
    });

    it('needs a token', async () => {
      const response = await request(api.http).post('/api/v1/files').attach('file', pdf(), 'a.pdf');
      expect(response.status).toBe(401);
    });

    it('is for citizens and the one-stop desk only', async () => {
      const specialist = await loginAs(api, 'specialist');
      const response = await upload(specialist, pdf(), 'a.pdf', 'application/pdf');
      expect(response.status).toBe(403);
    });

    it('refuses a body that is not multipart', async () => {
      const response = await request(api.http).post('/api/v1/files').set(citizen.auth).send({ file: 'JVBERi0xLjQ=' });
      expect(response.status).toBe(415);
      expect(response.body.code).toBe('unsupported_media_type');
    });

    it('names the missing file field', async () => {
      const response = await request(api.http)
        .post('/api/v1/files')
        .set(citizen.auth)
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz--\r\n');
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    });

    it.each([
      ['a file in another field', (r: request.Test) => r.attach('document', pdf(), 'a.pdf'), 'document'],
      ['a text field before the file', (r: request.Test) => r.field('note', 'hello').attach('file', pdf(), 'a.pdf'), 'note'],
      ['a second file', (r: request.Test) => r.attach('file', pdf(), 'a.pdf').attach('file', pdf(), 'b.pdf'), 'file'],
      ['text instead of a file', (r: request.Test) => r.field('file', 'JVBERi0xLjQ='), 'file'],
    ])('refuses %s, naming it', async (_what, build, field) => {
      const response = await build(request(api.http).post('/api/v1/files').set(citizen.auth));
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ field, message: expect.any(String) }]);
    });

    it('keeps no file when a field follows it', async () => {
      const bytes = pdf();
      const response = await request(api.http).post('/api/v1/files').set(citizen.auth).attach('file', bytes, 'a.pdf').field('note', 'late');
      expect(response.status).toBe(422);
      expect(response.body.errors).toEqual([{ field: 'note', message: expect.any(String) }]);
      // The upload may finish recording just after the answer; its discard follows it.
      await waitFor(async () => (await rowsWith(sha256(bytes))) === 0 && !existsSync(blobPath(sha256(bytes))));
    });

    it('stores the same content once, as two files', async () => {
      const bytes = pdf();
      const first = await upload(citizen, bytes, 'first.pdf', 'application/pdf').expect(201);
      const second = await upload(citizen, bytes, 'second.pdf', 'application/pdf').expect(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(await rowsWith(sha256(bytes))).toBe(2);
      expect((await storedFiles()).filter((path) => path.endsWith(sha256(bytes)))).toEqual([blobPath(sha256(bytes))]);
    });
  });

  it('documents the upload as multipart with a binary file', async () => {
    const document = (await request(api.http).get('/docs-json').expect(200)).body;
    const operation = document.paths['/api/v1/files'].post;
    expect(operation.requestBody.content['multipart/form-data'].schema).toMatchObject({ required: ['file'], properties: { file: { type: 'string', format: 'binary' } } });
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['201', '413', '415', '422']));
  });

  describe('GET /files/{id}', () => {
    it("answers the owner with the file's metadata", async () => {
      const bytes = pdf();
      const uploaded = await upload(citizen, bytes, 'mine.pdf', 'application/pdf').expect(201);
      const response = await request(api.http).get(`/api/v1/files/${uploaded.body.id}`).set(citizen.auth).expect(200);
      expect(response.body).toEqual({ ...uploaded.body, createdAt: expect.any(String), attachedAt: null });
    });

    it("hides a citizen's file from another citizen", async () => {
      const uploaded = await upload(citizen, pdf(), 'mine.pdf', 'application/pdf').expect(201);
      const other = await newCitizen(api, 'Lê Văn Cường');
      const response = await request(api.http).get(`/api/v1/files/${uploaded.body.id}`).set(other.auth);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('file_not_found');
    });

    it('answers 404 for an id that is not one', async () => {
      const response = await request(api.http).get('/api/v1/files/not-a-uuid').set(citizen.auth);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('file_not_found');
    });
  });

  describe('FilesService for the submission code', () => {
    it('finds only the owner’s files, ignoring unknown and malformed ids', async () => {
      const mine = await upload(citizen, pdf(), 'a.pdf', 'application/pdf').expect(201);
      const other = await newCitizen(api, 'Phạm Thị Dung');
      const theirs = await upload(other, pdf(), 'b.pdf', 'application/pdf').expect(201);
      const found = await files.findOwned([mine.body.id, theirs.body.id, 'junk', '00000000-0000-4000-8000-000000000000'], citizen.userId);
      expect(found.map((f) => f.id)).toEqual([mine.body.id]);
    });

    it('refuses to attach a file that no longer exists, so the submission rolls back', async () => {
      const mine = await upload(citizen, pdf(), 'a.pdf', 'application/pdf').expect(201);
      const attaching = dataSource.transaction((manager) => files.attach(manager, [mine.body.id, '00000000-0000-4000-8000-000000000000'], new Date()));
      await expect(attaching).rejects.toMatchObject({ status: 409, code: 'file_unavailable' });
      expect((await files.findOwned([mine.body.id], citizen.userId))[0].attachedAt).toBeNull();
    });

    it('removes abandoned uploads and their blobs, keeping attached files and shared blobs', async () => {
      const uploadPdf = async (bytes: Buffer) => (await upload(citizen, bytes, 'f.pdf', 'application/pdf').expect(201)).body.id as string;
      const abandoned = pdf();
      const shared = pdf();
      const recent = pdf();
      const abandonedId = await uploadPdf(abandoned);
      const attachedId = await uploadPdf(shared);
      const abandonedCopyId = await uploadPdf(shared);
      const recentId = await uploadPdf(recent);
      const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
      await dataSource.query('UPDATE files SET created_at = $2 WHERE id = ANY($1::uuid[])', [[abandonedId, attachedId, abandonedCopyId], twoDaysAgo]);
      await dataSource.transaction((manager) => files.attach(manager, [attachedId], twoDaysAgo));

      const report = await files.removeUnattached(new Date(Date.now() - 86_400_000));

      expect(report).toEqual({ files: 2, blobs: 1 });
      const left = await files.findOwned([abandonedId, attachedId, abandonedCopyId, recentId], citizen.userId);
      expect(left.map((f) => f.id).sort()).toEqual([attachedId, recentId].sort());
      expect(left.find((f) => f.id === attachedId)!.attachedAt).toEqual(twoDaysAgo);
      expect(existsSync(blobPath(sha256(abandoned)))).toBe(false);
      expect(existsSync(blobPath(sha256(shared)))).toBe(true);
      expect(existsSync(blobPath(sha256(recent)))).toBe(true);
    });

    it('sweeps on one replica at a time', async () => {
      const sweeper = api.app.get(FilesSweeper);
      const otherReplica = new Client({ connectionString: api.db.url });
      await otherReplica.connect();
      try {
        await otherReplica.query('SELECT pg_advisory_lock($1)', [SWEEP_LOCK_KEY]);
        expect(await sweeper.sweep()).toBeUndefined();
        await otherReplica.query('SELECT pg_advisory_unlock($1)', [SWEEP_LOCK_KEY]);
        expect(await sweeper.sweep()).toEqual({ files: 0, blobs: 0, incomplete: 0 });
      } finally {
        await otherReplica.end();
      }
    });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
