import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertSha256, BlobNotFoundError, FileStorage, FileTooLargeError, PutOptions, StoredBlob } from './file-storage';

/** Uploads in progress; inside the storage folder so the final rename stays on one file system (atomic). */
const INCOMPLETE_DIR = 'incomplete';

/** Hashes and counts the bytes flowing through, and fails as soon as there are too many. */
class HashingCounter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return callback(new FileTooLargeError(this.maxBytes));
    this.hash.update(chunk);
    callback(null, chunk);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Blobs on the local disk at `<root>/<aa>/<bb>/<sha256>` (two levels of fan-out keep folders small).
 * A put writes a temporary file and renames it into place only once complete, so a reader never
 * sees half a blob, and renaming onto an existing blob of the same content is harmless.
 */
export class LocalFileStorage implements FileStorage {
  constructor(private readonly root: string) {}

  async put(content: Readable, options: PutOptions = {}): Promise<StoredBlob> {
    const temporary = join(this.root, INCOMPLETE_DIR, `${randomUUID()}.part`);
    const file = await openIncomplete(temporary, content);
    const counter = new HashingCounter(options.maxBytes ?? Number.POSITIVE_INFINITY);
    try {
      // flush: the file is fsynced before it closes. The row saying it exists is committed next,
      // and a power cut must not lose a file the database promises.
      await pipeline(content, counter, file.createWriteStream({ flush: true }));
      const sha256 = counter.digest();
      const target = this.pathOf(sha256);
      await mkdir(dirname(target), { recursive: true });
      await rename(temporary, target);
      return { sha256, size: counter.bytes };
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async open(sha256: string): Promise<Readable> {
    if (!(await this.exists(sha256))) throw new BlobNotFoundError(sha256);
    return createReadStream(this.pathOf(sha256));
  }

  async remove(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async exists(sha256: string): Promise<boolean> {
    const path = this.pathOf(sha256);
    try {
      await access(path);
      return true;
    } catch {
      return false;
    }
  }

  async removeIncomplete(olderThan: Date): Promise<number> {
    const incompleteDir = join(this.root, INCOMPLETE_DIR);
    const names = await readdir(incompleteDir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(incompleteDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtime < olderThan) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  /** Where a blob lives; public so tests and operators can find it. */
  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }
}

/**
 * Creates the temporary file before any byte flows, so a failed put always finds it to delete
 * (a write stream opening it lazily could create it after the clean-up).
 * The source may fail (client gone) before pipeline() listens: that must not be an unhandled
 * 'error' event; pipeline() then reports the stream's stored error.
 */
async function openIncomplete(path: string, content: Readable): Promise<FileHandle> {
  const ignoreEarlyError = () => undefined;
  content.once('error', ignoreEarlyError);
  try {
    await mkdir(dirname(path), { recursive: true });
    return await open(path, 'wx');
  } finally {
    content.off('error', ignoreEarlyError);
  }
}
