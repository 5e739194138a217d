import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';

/** Migrations in order; listed explicitly so bundling and the CLI see the same set. */
export const MIGRATIONS = [InitialSchema1764000000000];
