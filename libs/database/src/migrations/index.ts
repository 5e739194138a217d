import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { WorkflowCommandsAndClock1764100000000 } from './1764100000000-WorkflowCommandsAndClock';

/** Migrations in order; listed explicitly so bundling and the CLI see the same set. */
export const MIGRATIONS = [InitialSchema1764000000000, WorkflowCommandsAndClock1764100000000];
