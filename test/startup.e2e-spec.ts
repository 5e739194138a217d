import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ConfigError, projectRoot } from '@motcua/config';
import { startServices } from '@motcua/runtime';
import { createTestDatabase, TEST_REDIS_URL, TestDatabase } from '@motcua/testing';
import { intakeApi } from '../apps/intake-api/src/intake-api.app';
import { notificationWorker } from '../apps/notification-worker/src/notification-worker.app';
import { workflowEngine } from '../apps/workflow-engine/src/workflow-engine.app';

const quiet = () => undefined;
const allApps = [intakeApi, workflowEngine, notificationWorker];

/** A copy of config/ to break on purpose. */
function copyOfConfig(): string {
  const dir = mkdtempSync(join(tmpdir(), 'motcua-config-'));
  cpSync(join(projectRoot(), 'config'), join(dir, 'config'), { recursive: true });
  return join(dir, 'config');
}

function editJson(path: string, edit: (json: Record<string, unknown>) => void): void {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 2));
}

function baseUrl(port: number) {
  return `http://127.0.0.1:${port}`;
}

describe('start-up', () => {
  let db: TestDatabase;
  const env = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: '{t-startup}',
    ...extra,
  });

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
  });
  afterAll(() => db.drop());

  it('runs the three apps in one process on an empty database, then stops cleanly', async () => {
    const services = await startServices(allApps, env({ PORT: '28917' }), quiet);
    try {
      expect(services.banner).toEqual(
        expect.arrayContaining(['API:     http://127.0.0.1:28917/api/v1', 'Workflow engine: running', 'Notification worker: running']),
      );
      const ready = await request(baseUrl(28917)).get('/api/v1/health/ready');
      expect(ready.status).toBe(200);
      const procedures = await request(baseUrl(28917)).get('/api/v1/procedures').expect(200);
      expect(procedures.body.items.length).toBeGreaterThanOrEqual(10);
    } finally {
      await services.stop();
    }
    await expect(request(baseUrl(28917)).get('/api/v1/health')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('starts again on the same database without publishing anything twice', async () => {
    const services = await startServices([intakeApi], env(), quiet);
    await services.stop();
    const source = await db.dataSource(1);
    const [{ count }] = await source.query('SELECT count(*)::int AS count FROM workflow_versions');
    expect(count).toBe(4);
  });

  it('stops on a bad environment variable, naming it', async () => {
    const attempt = startServices(allApps, env({ PORT: 'eighty' }), quiet);
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(/PORT must/);
  });

  it('stops on a broken procedure file, naming the file and the path', async () => {
    const config = copyOfConfig();
    editJson(join(config, 'procedures', 'bts-location-approval.json'), (json) => {
      (json.processingTime as Record<string, unknown>).unit = 'fortnights';
    });
    await expect(startServices(allApps, env({ CONFIG_DIR: config }), quiet)).rejects.toThrow(
      /config\/procedures\/bts-location-approval\.json: \/processingTime\/unit/,
    );
    rmSync(join(config, '..'), { recursive: true, force: true });
  });

  it('stops on a procedure file that is not JSON', async () => {
    const config = copyOfConfig();
    writeFileSync(join(config, 'procedures', 'bulletin-permit.json'), '{ "code": "bulletin-permit", ');
    await expect(startServices(allApps, env({ CONFIG_DIR: config }), quiet)).rejects.toThrow(
      /config\/procedures\/bulletin-permit\.json: is not valid JSON/,
    );
    rmSync(join(config, '..'), { recursive: true, force: true });
  });

  it('stops on a workflow definition with an unknown role, naming the file', async () => {
    const config = copyOfConfig();
    editJson(join(config, 'workflows', 'generic.json'), (json) => {
      const steps = json.steps as { roles: string[] }[];
      steps[0].roles = ['JANITOR'];
    });
    await expect(startServices(allApps, env({ CONFIG_DIR: config }), quiet)).rejects.toThrow(/config\/workflows\/generic\.json[\s\S]*JANITOR/);
    rmSync(join(config, '..'), { recursive: true, force: true });
  });

  it('stops when the database cannot be reached, saying what to check', async () => {
    const attempt = startServices(allApps, env({ DATABASE_URL: 'postgres://motcua:secret@127.0.0.1:1/motcua' }), quiet);
    await expect(attempt).rejects.toThrow(
      /Cannot reach PostgreSQL at postgres:\/\/motcua:\*\*\*@127\.0\.0\.1:1\/motcua \(ECONNREFUSED\)\. Check DATABASE_URL/,
    );
  }, 20000);

  it('stops when the given Redis cannot be reached', async () => {
    await expect(startServices(allApps, env({ REDIS_URL: 'redis://127.0.0.1:1' }), quiet)).rejects.toThrow(
      /Cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*Check REDIS_URL/,
    );
  });
});
