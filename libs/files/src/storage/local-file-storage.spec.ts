import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobNotFoundError, FileTooLargeError } from './file-storage';
import { LocalFileStorage } from './local-file-storage';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A stream delivering the content in several chunks, as a network upload would. */
function chunked(content: string, size = 3): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += size) chunks.push(Buffer.from(content.slice(i, i + size)));
  return Readable.from(chunks);
}

describe('LocalFileStorage', () => {
  let root: string;
  let storage: LocalFileStorage;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'motcua-storage-'));
    storage = new LocalFileStorage(root);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const incomplete = () => readdir(join(root, 'incomplete')).catch(() => []);

  it('stores content under its SHA-256 and reads it back', async () => {
    const stored = await storage.put(chunked('hello, một cửa'));
    expect(stored).toEqual({ sha256: sha256('hello, một cửa'), size: Buffer.byteLength('hello, một cửa') });
    expect(storage.pathOf(stored.sha256)).toBe(join(root, stored.sha256.slice(0, 2), stored.sha256.slice(2, 4), stored.sha256));
    expect(await text(await storage.open(stored.sha256))).toBe('hello, một cửa');
    expect(await incomplete()).toEqual([]);
  });

  it('stores the same content once', async () => {
    const first = await storage.put(chunked('same bytes'));
    const second = await storage.put(chunked('same bytes'));
    expect(second).toEqual(first);
    expect(await readdir(join(root, first.sha256.slice(0, 2), first.sha256.slice(2, 4)))).toEqual([first.sha256]);
  });

  it('accepts exactly the limit, refuses one byte more and keeps nothing', async () => {
    await expect(storage.put(chunked('12345'), { maxBytes: 5 })).resolves.toMatchObject({ size: 5 });
    await expect(storage.put(chunked('123456'), { maxBytes: 5 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await storage.exists(sha256('123456'))).toBe(false);
    expect(await incomplete()).toEqual([]);
  });

  it('keeps nothing when the source fails midway', async () => {
    const failing = new Readable({ read() {} });
    const stored = storage.put(failing);
    failing.push('partial');
    setImmediate(() => failing.destroy(new Error('client went away')));
    await expect(stored).rejects.toThrow('client went away');
    expect(await incomplete()).toEqual([]);
  });

  it('removes a blob, and is quiet when it is already gone', async () => {
    const { sha256: digest } = await storage.put(chunked('to remove'));
    await storage.remove(digest);
    await storage.remove(digest);
    expect(await storage.exists(digest)).toBe(false);
    await expect(storage.open(digest)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('refuses a name that is not a digest, so no path can escape the folder', async () => {
    await expect(storage.exists('../../etc/passwd')).rejects.toThrow('Not a SHA-256');
  });

  it('removes incomplete uploads left by a crash once they are old', async () => {
    await mkdir(join(root, 'incomplete'), { recursive: true });
    const old = join(root, 'incomplete', 'old.part');
    await writeFile(old, 'x');
    const past = new Date(Date.now() - 2 * 86_400_000);
    await utimes(old, past, past);
    await writeFile(join(root, 'incomplete', 'recent.part'), 'y');
    expect(await storage.removeIncomplete(new Date(Date.now() - 86_400_000))).toBe(1);
    expect(await incomplete()).toEqual(['recent.part']);
  });
});
