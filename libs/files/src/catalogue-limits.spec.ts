import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCEPTED_MIME_TYPES, DEFAULT_FILES_OPTIONS, MAX_UPLOAD_BYTES, undetectableTypes } from './files.options';

interface DocumentRule {
  accept: string[];
  maxBytes: number;
}

// Read the raw files, not the catalogue library: this guards against the two drifting apart.
const proceduresDir = join(__dirname, '../../../config/procedures');
const documents: DocumentRule[] = readdirSync(proceduresDir)
  .filter((name) => name.endsWith('.json'))
  .flatMap((name) => JSON.parse(readFileSync(join(proceduresDir, name), 'utf8')).documents as DocumentRule[]);

describe('upload rules against the catalogue', () => {
  it('accept exactly the types some procedure accepts', () => {
    expect(new Set(ACCEPTED_MIME_TYPES)).toEqual(new Set(documents.flatMap((d) => d.accept)));
  });

  it('can detect every accepted type from the bytes', () => {
    expect(undetectableTypes(DEFAULT_FILES_OPTIONS)).toEqual([]);
  });

  it('allow uploads as large as the largest document maxBytes', () => {
    expect(MAX_UPLOAD_BYTES).toBe(Math.max(...documents.map((d) => d.maxBytes)));
  });
});
