import { InitialSchema1764000000000 } from './1764000000000-InitialSchema';
import { WorkflowCommandsAndClock1764100000000 } from './1764100000000-WorkflowCommandsAndClock';
import { TimersAndOutboxAcks1764200000000 } from './1764200000000-TimersAndOutboxAcks';

/** Migrations in order; listed explicitly so bundling and the CLI see the same set. */
export const MIGRATIONS = [InitialSchema1764000000000, WorkflowCommandsAndClock1764100000000, TimersAndOutboxAcks1764200000000];
