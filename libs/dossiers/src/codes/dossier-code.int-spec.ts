import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@motcua/testing';
import { allocateDossierCode } from './dossier-code.repository';

describe('dossier code allocation', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const zone = 'Asia/Ho_Chi_Minh';

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await db.dataSource(20);
  });
  afterAll(() => db.drop());

  it('gives 200 concurrent submissions unique, consecutive codes', async () => {
    const receivedAt = new Date('2025-11-03T02:00:00Z'); // 09:00 in Hà Nội
    const codes = await Promise.all(
      Array.from({ length: 200 }, () => allocateDossierCode(dataSource.manager, '000.00.14.H23', receivedAt, zone)),
    );
    expect(new Set(codes).size).toBe(200);
    const counters = codes.map((code) => Number(code.split('-').pop())).sort((a, b) => a - b);
    expect(counters).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(codes).toContain('000.00.14.H23-251103-0001');
    expect(codes).toContain('000.00.14.H23-251103-0200');
  });

  it('counts per agency and per local day', async () => {
    // 23:30 UTC on 3 Nov is 06:30 on 4 Nov in Vietnam: a new day, so the counter restarts.
    const nextLocalDay = await allocateDossierCode(dataSource.manager, '000.00.14.H23', new Date('2025-11-03T23:30:00Z'), zone);
    const otherAgency = await allocateDossierCode(dataSource.manager, '000.00.18.H23', new Date('2025-11-03T02:00:00Z'), zone);
    expect(nextLocalDay).toBe('000.00.14.H23-251104-0001');
    expect(otherAgency).toBe('000.00.18.H23-251103-0001');
  });

  it('undoes an allocation made inside a transaction that rolls back', async () => {
    const at = new Date('2025-11-05T02:00:00Z');
    await expect(
      dataSource.transaction(async (manager) => {
        await allocateDossierCode(manager, '000.00.14.H23', at, zone);
        throw new Error('submission failed');
      }),
    ).rejects.toThrow('submission failed');
    const first = await allocateDossierCode(dataSource.manager, '000.00.14.H23', at, zone);
    const second = await allocateDossierCode(dataSource.manager, '000.00.14.H23', at, zone);
    // The rolled-back increment is undone with its transaction, so numbering simply continues.
    expect([first, second]).toEqual(['000.00.14.H23-251105-0001', '000.00.14.H23-251105-0002']);
  });
});
