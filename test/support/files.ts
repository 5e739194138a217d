import { randomBytes } from 'node:crypto';

/** A small, well-formed PDF; `marker` makes its bytes (and hash) unique. */
export function pdf(marker = randomBytes(8).toString('hex')): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n` +
      `% ${marker}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}
