import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { projectRoot } from '@motcua/config';
import { createTestDatabase, TestDatabase } from '@motcua/testing';
import { ConfigCatalogue, ConfigFileError, loadConfigCatalogue, ProcedureEntity, ProcedureVersionEntity, syncCatalogue, WorkflowVersionEntity } from '.';

describe('catalogue sync', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let catalogue: ConfigCatalogue;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(4);
    catalogue = loadConfigCatalogue(join(projectRoot(), 'config'));
  });
  afterAll(() => db.drop());

  it('has loaded every procedure and workflow file as version 1', async () => {
    const versions = await dataSource.getRepository(ProcedureVersionEntity).find();
    expect(versions.map((v) => v.procedureCode).sort()).toEqual(catalogue.procedures.map((p) => p.code).sort());
    expect(versions.every((v) => v.version === 1)).toBe(true);
    expect(await dataSource.getRepository(WorkflowVersionEntity).count()).toBe(catalogue.workflows.length);
  });

  it('publishes nothing when the files have not changed', async () => {
    const report = await dataSource.transaction((manager) => syncCatalogue(manager, catalogue));
    expect(report).toEqual({ newProcedureVersions: [], newWorkflowVersions: [] });
  });

  it('publishes a changed procedure as a new version and keeps the old one', async () => {
    const bts = catalogue.procedures.find((p) => p.code === 'bts-location-approval')!;
    const changed = { ...bts, processingTime: { ...bts.processingTime, value: 7 } };
    const report = await dataSource.transaction((manager) =>
      syncCatalogue(manager, { ...catalogue, procedures: catalogue.procedures.map((p) => (p === bts ? changed : p)) }),
    );
    expect(report.newProcedureVersions).toEqual(['bts-location-approval@2']);
    const versions = await dataSource
      .getRepository(ProcedureVersionEntity)
      .find({ where: { procedureCode: 'bts-location-approval' }, order: { version: 'ASC' } });
    expect(versions.map((v) => [v.version, v.definition.processingTime.value])).toEqual([
      [1, bts.processingTime.value],
      [2, 7],
    ]);
    expect((await dataSource.getRepository(ProcedureEntity).findOneByOrFail({ code: 'bts-location-approval' })).currentVersion).toBe(2);
  });

  it('keeps an administrator\'s deactivation when the files are loaded again', async () => {
    await dataSource.getRepository(ProcedureEntity).update({ code: 'press-office-notice' }, { active: false });
    await dataSource.transaction((manager) => syncCatalogue(manager, catalogue));
    expect((await dataSource.getRepository(ProcedureEntity).findOneByOrFail({ code: 'press-office-notice' })).active).toBe(false);
  });

  it('refuses to change a published workflow version in place', async () => {
    const [first, ...rest] = catalogue.workflows;
    const edited = { ...first, name: `${first.name} (sửa)` };
    await expect(dataSource.transaction((manager) => syncCatalogue(manager, { ...catalogue, workflows: [edited, ...rest] }))).rejects.toThrow(
      new ConfigFileError(
        `config/workflows/${first.code}.json: version ${first.version} is already published with other content; ` +
          'raise "version" to publish the change (running dossiers keep the version they started with)',
      ),
    );
  });

  it('publishes a raised workflow version beside the old one', async () => {
    const [first, ...rest] = catalogue.workflows;
    const next = { ...first, version: first.version + 1, name: `${first.name} (v2)` };
    const report = await dataSource.transaction((manager) => syncCatalogue(manager, { ...catalogue, workflows: [next, ...rest] }));
    expect(report.newWorkflowVersions).toEqual([`${first.code}@${first.version + 1}`]);
    expect(await dataSource.getRepository(WorkflowVersionEntity).countBy({ workflowCode: first.code })).toBe(2);
  });
});
