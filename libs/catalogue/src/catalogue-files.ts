import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AgencyDefinition, CatalogueError, ProcedureDefinition, parseCatalogue } from '@motcua/domain/catalogue';
import { parseWorkflowFile, WorkflowDefinition } from '@motcua/domain/workflow';
import { buildStatusLabels, StatusLabel } from '@motcua/domain/status';
import { CalendarDay, parseAnnouncedCalendar } from '@motcua/domain/calendar';

/** Everything under config/ that the service runs on, validated. */
export interface ConfigCatalogue {
  agencies: AgencyDefinition[];
  procedures: ProcedureDefinition[];
  workflows: WorkflowDefinition[];
  statuses: StatusLabel[];
  announcedCalendar: CalendarDay[];
}

/** A config file that cannot be read or parsed; the message names the file. */
export class ConfigFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigFileError';
  }
}

function readJson(path: string, shownAs: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`${shownAs}: cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigFileError(`${shownAs}: is not valid JSON (${(error as Error).message})`);
  }
}

function jsonFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(dir, name));
  } catch {
    throw new ConfigFileError(`${dir}: folder is missing`);
  }
}

/**
 * Reads and validates config/: agencies, procedures, workflows, status names and announced calendars.
 * Any problem throws with the file and the JSON path, so start-up stops saying what to fix.
 */
export function loadConfigCatalogue(configDir: string): ConfigCatalogue {
  const shown = (path: string) => relative(join(configDir, '..'), path);
  const workflows = jsonFiles(join(configDir, 'workflows')).map((path) => parseWorkflowFile(readJson(path, shown(path)), shown(path)));
  const duplicate = workflows.find((w, i) => workflows.findIndex((o) => o.code === w.code) !== i);
  if (duplicate) throw new ConfigFileError(`config/workflows: workflow "${duplicate.code}" is defined twice`);

  const agenciesPath = join(configDir, 'agencies.json');
  const catalogue = parseCatalogue({
    agencies: { fileName: shown(agenciesPath), json: readJson(agenciesPath, shown(agenciesPath)) },
    procedures: jsonFiles(join(configDir, 'procedures')).map((path) => ({ fileName: shown(path), json: readJson(path, shown(path)) })),
    workflows: workflows.map((w) => w.code),
  });

  const statusesPath = join(configDir, 'statuses.json');
  const statuses = buildStatusLabels(readJson(statusesPath, shown(statusesPath)) as Record<string, string>, shown(statusesPath));
  const announcedCalendar = jsonFiles(join(configDir, 'calendar')).flatMap((path) =>
    parseAnnouncedCalendar(readJson(path, shown(path)), shown(path)),
  );
  return {
    agencies: [...catalogue.agencies],
    procedures: [...catalogue.procedures],
    workflows,
    statuses,
    announcedCalendar,
  };
}

export { CatalogueError };
