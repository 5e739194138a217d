/** One problem in a catalogue file: the file, a JSON pointer inside it, and what is wrong. */
export interface CatalogueIssue {
  readonly file: string;
  readonly path: string;
  readonly message: string;
}

/** A catalogue file is wrong. Thrown at load so a bad file stops start-up instead of a dossier later. */
export class CatalogueError extends Error {
  constructor(readonly issues: readonly CatalogueIssue[]) {
    super(issues.map((i) => `${i.file}: ${i.path || '/'} ${i.message}`).join('\n'));
    this.name = 'CatalogueError';
  }
}
