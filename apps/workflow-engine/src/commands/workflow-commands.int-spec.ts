import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig, AppConfigModule, projectRoot } from '@motcua/config';
import { ConfigCatalogue, loadConfigCatalogue } from '@motcua/catalogue';
import { DatabaseModule } from '@motcua/database';
import { Actor, DossierEntity } from '@motcua/dossiers';
import { MessagingModule, QUEUES, QuietlyClosingQueue, redisOptions } from '@motcua/messaging';
import { clearQueuePrefix, createTestDatabase, testConfig, TestDatabase } from '@motcua/testing';
import { DossierContextLoader, DossierTimers, WorkflowCommand, WorkflowCommandBus, WorkflowCommandsModule } from '@motcua/workflow';
import { WorkflowTimersProcessor } from '../timers/workflow-timers.processor';
import { WorkflowEngineModule } from '../workflow-engine.module';
import { WorkflowCommandsProcessor } from './workflow-commands.processor';

/** The API's side of the command bus, alone (the same modules the intake API uses for it). */
async function startCommandBus(config: AppConfig): Promise<INestApplicationContext> {
  @Module({ imports: [AppConfigModule.forRoot(config), DatabaseModule.forRoot('motcua-command-bus'), MessagingModule.forRoot(), WorkflowCommandsModule] })
  class CommandBusModule {}
  const context = await NestFactory.createApplicationContext(CommandBusModule, { logger: false });
  await context.init();
  return context;
}

/** Statements sent to PostgreSQL by connections of one application name, while `during` runs. */
async function statementsOf<T>(applicationName: string, during: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const query = Client.prototype.query;
  Client.prototype.query = function (this: Client & { connectionParameters: { application_name?: string } }, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    if (this.connectionParameters.application_name === applicationName) statements.push(String(typeof config === 'string' ? config : config.text).trim());
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await during(), statements };
  } finally {
    Client.prototype.query = query;
  }
}

describe('workflow commands between the API and the engine', () => {
  let db: TestDatabase;
  let sql: DataSource;
  let config: AppConfig;
  let catalogue: ConfigCatalogue;
  let engine: INestApplicationContext;
  let api: INestApplicationContext;
  let reception: Actor;
  let sequence = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    sql = await db.dataSource(2);
    config = testConfig(db.url);
    catalogue = loadConfigCatalogue(join(projectRoot(), 'config'));
    engine = await NestFactory.createApplicationContext(WorkflowEngineModule.forRoot(config, catalogue), { logger: false });
    await engine.init();
    api = await startCommandBus(config);
    const [user] = await sql.query("SELECT id, full_name FROM users WHERE username = 'reception'");
    reception = { userId: user.id, role: 'RECEPTIONIST', name: user.full_name, unit: null };
  });
  afterAll(async () => {
    await api?.close();
    await engine?.close();
    if (config) await clearQueuePrefix(config);
    await db?.drop();
  });

  /** A dossier of the BTS procedure just submitted online (status 1, step "submitted"). */
  async function submittedDossier(): Promise<string> {
    const [{ id }] = await sql.query(
      `INSERT INTO dossiers (code, procedure_code, procedure_version_id, workflow_version_id, agency_id, applicant_user_id, applicant,
         applicant_name, applicant_id_number, fields, channel, result_delivery, status, step, submitted_at)
       SELECT $1, pv.procedure_code, pv.id, wv.id, a.id, u.id, $2, 'Lý Thị Hoa', '001190000001', $3, 2, 'online', 1, 'submitted', now()
       FROM procedures p
       JOIN procedure_versions pv ON pv.procedure_code = p.code AND pv.version = p.current_version
       JOIN LATERAL (SELECT id FROM workflow_versions WHERE workflow_code = pv.definition->>'workflow' ORDER BY version DESC LIMIT 1) wv ON true
       JOIN agencies a ON a.code = 'SKHCN'
       JOIN users u ON u.username = 'citizen'
       WHERE p.code = 'bts-location-approval'
       RETURNING id`,
      [`000.00.14.H23-251103-${String(++sequence).padStart(4, '0')}`, { fullName: 'Lý Thị Hoa', idNumber: '001190000001', phone: '0912345678', type: 1 }, { stationCode: 'HNI-BD-0412' }],
    );
    return id;
  }

  const command = (dossierId: string, action = 'accept', actor: Actor = reception): WorkflowCommand => ({
    commandId: randomUUID(),
    dossierId,
    action,
    actor,
    payload: {},
    expectedVersion: null,
    correlationId: null,
  });

  const row = (dossierId: string) => sql.getRepository(DossierEntity).findOneByOrFail({ id: dossierId });
  const accepts = async (dossierId: string) =>
    (await sql.query("SELECT count(*)::int AS n FROM dossier_history WHERE dossier_id = $1 AND action = 'accept'", [dossierId]))[0].n;

  it('answers an applied command with the dossier as it was left, reading neither the command nor the dossier back', async () => {
    const dossierId = await submittedDossier();
    const { result, statements } = await statementsOf('motcua-command-bus', () => api.get(WorkflowCommandBus).dispatch(command(dossierId), 10_000));

    expect(result).toMatchObject({ status: 'applied', outcome: { version: 2 } });
    const { applicant: _applicant, fields: _fields, ...written } = await row(dossierId);
    expect(result.dossier).toEqual(written);
    expect(result.dossier?.receivedAt).toBeInstanceOf(Date);
    expect(written).toMatchObject({ status: 2, step: 'assignment', version: 2 });
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^INSERT INTO workflow_commands/);
  });

  it('applies a command id once: dispatched again, it answers from the stored command', async () => {
    const dossierId = await submittedDossier();
    const accept = command(dossierId);
    await api.get(WorkflowCommandBus).dispatch(accept, 10_000);
    const again = await api.get(WorkflowCommandBus).dispatch(accept, 10_000);

    expect(again).toEqual({ commandId: accept.commandId, status: 'applied', outcome: { version: 2 } });
    expect(await accepts(dossierId)).toBe(1);
    expect((await row(dossierId)).version).toBe(2);
  });

  it('stores and queues commands dispatched together, each applied once with its own answer', async () => {
    const dossierIds = await Promise.all(Array.from({ length: 6 }, () => submittedDossier()));
    const accepts6 = dossierIds.map((dossierId) => command(dossierId));
    const bus = api.get(WorkflowCommandBus);
    // The last is the first again (a retried request), in the same breath.
    const answers = await Promise.all([...accepts6, accepts6[0]].map((accept) => bus.dispatch(accept, 10_000)));

    answers.forEach((answer, i) => expect(answer).toMatchObject({ commandId: accepts6[i % 6].commandId, status: 'applied', outcome: { version: 2 } }));
    for (const dossierId of dossierIds) expect(await accepts(dossierId)).toBe(1);
    const stored = await sql.query('SELECT dossier_id, actor FROM workflow_commands WHERE command_id = ANY($1)', [accepts6.map((a) => a.commandId)]);
    expect(stored.map((r: { dossier_id: string }) => r.dossier_id).sort()).toEqual([...dossierIds].sort());
    expect(stored[0].actor).toEqual(reception);
  });

  it("logs its workers' own errors rather than leaving them to BullMQ's console output", () => {
    for (const processor of [engine.get(WorkflowCommandsProcessor), engine.get(WorkflowTimersProcessor)]) {
      expect(processor.worker.listenerCount('error')).toBeGreaterThan(0);
    }
  });

  it('records a rejection with its problem and leaves the dossier as it was', async () => {
    const dossierId = await submittedDossier();
    const approve = command(dossierId, 'approve');
    const result = await api.get(WorkflowCommandBus).dispatch(approve, 10_000);

    expect(result).toMatchObject({ status: 'rejected', outcome: { status: 409, code: 'action_not_allowed' } });
    expect(result.dossier).toBeUndefined();
    const [stored] = await sql.query('SELECT status, outcome, processed_at FROM workflow_commands WHERE command_id = $1', [approve.commandId]);
    expect(stored).toEqual({ status: 'rejected', outcome: result.outcome, processed_at: expect.any(Date) });
    expect(await row(dossierId)).toMatchObject({ status: 1, step: 'submitted', version: 1 });
  });

  /** The state of the wake-up job of `dossierId` at `at` ('unknown' when none is queued). */
  async function wakeUp(dossierId: string, at: Date | null): Promise<string> {
    const timers = new Queue(QUEUES.workflowTimers, { connection: redisOptions(config.redis.url!), prefix: config.redis.queuePrefix });
    try {
      return await timers.getJobState(`${dossierId}-${at!.getTime()}`);
    } finally {
      await timers.close();
    }
  }

  it('queues a wake-up at the next deadline it wrote, and firing it queues the one after', async () => {
    const dossierId = await submittedDossier();
    await api.get(WorkflowCommandBus).dispatch(command(dossierId), 10_000);
    const { stepDueSoonAt, stepDueAt, dueAt } = await row(dossierId);
    expect(stepDueSoonAt!.getTime()).toBeLessThan(stepDueAt!.getTime());
    expect(await wakeUp(dossierId, stepDueSoonAt)).toBe('delayed');
    expect(await wakeUp(dossierId, stepDueAt)).toBe('unknown');
    expect(await wakeUp(dossierId, dueAt)).toBe('unknown');

    await engine.get(DossierTimers).fire(dossierId, stepDueSoonAt!);
    expect((await row(dossierId)).stepWarnedAt).toEqual(stepDueSoonAt);
    expect(await wakeUp(dossierId, stepDueAt)).toBe('delayed');
  });

  it('queues no wake-up when the next deadline is the one queued before the change', async () => {
    const dossierId = await submittedDossier();
    const now = new Date();
    const kept = new Date(now.getTime() + 3_600_000);
    const later = new Date(now.getTime() + 7_200_000);
    const dossier = Object.assign(new DossierEntity(), { id: dossierId, stepDueSoonAt: null, stepDueAt: kept, dueAt: later, stepAutoActionAt: null });
    await engine.get(DossierTimers).schedule(dossier, now, kept.getTime());
    expect(await wakeUp(dossierId, kept)).toBe('unknown');
    expect(await wakeUp(dossierId, later)).toBe('unknown');

    const earlier = new Date(now.getTime() + 1_800_000);
    await engine.get(DossierTimers).schedule(Object.assign(dossier, { stepDueSoonAt: earlier }), now, kept.getTime());
    expect(await wakeUp(dossierId, earlier)).toBe('delayed');
  });

  it('fires every due dossier when Redis does not answer, and waits for it once', async () => {
    const dossiers = [await submittedDossier(), await submittedDossier()];
    for (const dossierId of dossiers) await api.get(WorkflowCommandBus).dispatch(command(dossierId), 10_000);
    const now = new Date();
    await sql.query("UPDATE dossiers SET step_due_soon_at = now() - interval '1 minute' WHERE id = ANY($1)", [dossiers]);
    // A queue whose Redis never answers: BullMQ calls on it wait for as long as it is away.
    const nowhere = new IORedis({ host: '127.0.0.1', port: 1, maxRetriesPerRequest: null, retryStrategy: () => 500 });
    nowhere.on('error', () => undefined);
    const unreachable = new QuietlyClosingQueue(QUEUES.workflowTimers, { connection: nowhere });
    unreachable.on('error', () => undefined);
    const timers = new DossierTimers(engine.get(DataSource), engine.get(DossierContextLoader), unreachable);
    try {
      const started = Date.now();
      await timers.scan(now);
      expect(Date.now() - started).toBeLessThan(4_000);
      for (const dossierId of dossiers) expect((await row(dossierId)).stepWarnedAt).toEqual(now);
    } finally {
      nowhere.disconnect();
      await unreachable.close().catch(() => undefined);
    }
  });

  it('fires the other due dossiers when one cannot be fired, and queues their next wake-ups', async () => {
    const [broken, sound] = [await submittedDossier(), await submittedDossier()];
    for (const dossierId of [broken, sound]) await api.get(WorkflowCommandBus).dispatch(command(dossierId), 10_000);
    const now = new Date();
    await sql.query("UPDATE dossiers SET step_due_soon_at = now() - interval '1 minute' WHERE id = ANY($1)", [[broken, sound]]);
    await sql.query("UPDATE dossiers SET step = 'no-such-step' WHERE id = $1", [broken]);
    try {
      await engine.get(DossierTimers).scan(now);
      const fired = await row(sound);
      expect(fired.stepWarnedAt).toEqual(now);
      expect(await wakeUp(sound, fired.stepDueAt)).toBe('delayed');
      expect((await row(broken)).stepWarnedAt).toBeNull();
    } finally {
      await sql.query("UPDATE dossiers SET step = 'assignment', finished_at = now() WHERE id = $1", [broken]);
    }
  });

  describe('with a stand-in for the engine', () => {
    let otherConfig: AppConfig;
    let bus: INestApplicationContext;
    let worker: Worker | undefined;

    beforeAll(async () => {
      otherConfig = testConfig(db.url); // its own queue prefix: the real engine above never sees these jobs
      bus = await startCommandBus(otherConfig);
    });
    afterEach(async () => {
      await worker?.close();
      worker = undefined;
    });
    afterAll(async () => {
      await bus?.close();
      if (otherConfig) await clearQueuePrefix(otherConfig);
    });

    const busOf = () => bus.get(WorkflowCommandBus);
    const standIn = (work: (commandId: string) => Promise<unknown>) => {
      worker = new Worker(QUEUES.workflowCommands, (job) => work(job.data.commandId), {
        connection: redisOptions(otherConfig.redis.url!),
        prefix: otherConfig.redis.queuePrefix,
      });
      return worker.waitUntilReady();
    };

    it("takes the job's answer, not the stored row", async () => {
      await standIn(async () => ({ status: 'applied', outcome: { version: 7 } }));
      const result = await busOf().dispatch(command(await submittedDossier()), 10_000);
      expect(result).toMatchObject({ status: 'applied', outcome: { version: 7 } });
    });

    it('answers every request waiting for the same command (a retried request)', async () => {
      await standIn(async () => ({ status: 'applied', outcome: { version: 8 } }));
      const accept = command(await submittedDossier());
      const answers = await Promise.all([busOf().dispatch(accept, 10_000), busOf().dispatch(accept, 10_000)]);
      expect(answers).toEqual([
        { commandId: accept.commandId, status: 'applied', outcome: { version: 8 } },
        { commandId: accept.commandId, status: 'applied', outcome: { version: 8 } },
      ]);
    });

    it('answers pending after its wait when no engine takes the job', async () => {
      const started = Date.now();
      const result = await busOf().dispatch(command(await submittedDossier()), 300);
      expect(result).toMatchObject({ status: 'pending', outcome: null });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('stops waiting as soon as the job fails for good, and answers from the stored command', async () => {
      await standIn(async () => {
        throw new UnrecoverableError('the engine gave up');
      });
      const started = Date.now();
      const result = await busOf().dispatch(command(await submittedDossier()), 20_000);
      expect(result).toMatchObject({ status: 'pending' });
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('reads the stored command when the engine answers only a status (an earlier version)', async () => {
      await standIn(async (commandId) => {
        await sql.query(`UPDATE workflow_commands SET status = 'applied', outcome = '{"version":2}', processed_at = now() WHERE command_id = $1`, [commandId]);
        return { status: 'applied' };
      });
      const result = await busOf().dispatch(command(await submittedDossier()), 10_000);
      expect(result).toEqual({ commandId: expect.any(String), status: 'applied', outcome: { version: 2 } });
    });
  });
});
