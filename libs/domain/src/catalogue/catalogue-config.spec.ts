// The real catalogue under config/: every file must load, so a bad edit fails CI, not start-up.
import { parseAgenciesFile, parseCatalogue, parseProcedureFile, compileFormSchema } from './index';
import { agenciesFile, procedureFiles, validSamples } from './test-fixtures';

const WORKFLOWS = ['bts-approval', 'bulletin-permit', 'frequency-referral', 'generic'];
const agencies = () => parseAgenciesFile(agenciesFile().json, agenciesFile().fileName);

describe('config/agencies.json', () => {
  it('has the departments and the divisions the dev accounts need', () => {
    const byCode = new Map(agencies().map((a) => [a.code, a]));
    expect(byCode.get('SKHCN')?.divisions.map((d) => d.code)).toEqual(expect.arrayContaining(['VP', 'BCVT', 'CNTT']));
    expect(byCode.get('SVHTTDL')?.divisions.map((d) => d.code)).toEqual(expect.arrayContaining(['VP', 'TTBCXB']));
    for (const a of byCode.values()) expect(a.identifier).toMatch(/^\d{3}\.\d{2}\.\d{2}\.H23$/);
  });
});

describe('config/procedures', () => {
  const files = procedureFiles();

  it('holds at least the procedures of DOMAIN.md', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [f.fileName, f] as const))('%s parses', (_name, file) => {
    const p = parseProcedureFile(file.json, file.fileName, { agencies: agencies(), workflows: WORKFLOWS });
    expect(file.fileName).toBe(`config/procedures/${p.code}.json`);
  });

  it('parses as a whole catalogue (unique codes, files named after codes)', () => {
    const catalogue = parseCatalogue({ agencies: agenciesFile(), procedures: files, workflows: WORKFLOWS });
    expect(catalogue.procedures.map((p) => [p.code, p.workflow])).toEqual(
      expect.arrayContaining([
        ['bts-location-approval', 'bts-approval'],
        ['bulletin-permit', 'bulletin-permit'],
        ['bulletin-permit-change', 'bulletin-permit'],
        ['radio-frequency-referral', 'frequency-referral'],
      ]),
    );
    const national = Object.fromEntries(catalogue.procedures.map((p) => [p.code, p.nationalCode]));
    expect(national).toMatchObject({
      'bulletin-permit': '1.009374',
      'bulletin-permit-change': '1.009386',
      'non-commercial-publishing-permit': '1.003868',
    });
  });

  it('has a valid sample for every procedure, accepted by its form schema', () => {
    const { procedures } = parseCatalogue({ agencies: agenciesFile(), procedures: files });
    expect(Object.keys(validSamples).sort()).toEqual(procedures.map((p) => p.code).sort());
    for (const p of procedures) expect([p.code, compileFormSchema(p)(validSamples[p.code])]).toEqual([p.code, []]);
  });

  it('every form rejects an unknown field and reports its missing required fields in Vietnamese', () => {
    const { procedures } = parseCatalogue({ agencies: agenciesFile(), procedures: files });
    for (const p of procedures) {
      const errors = compileFormSchema(p)({ ...validSamples[p.code], hacker: 1 });
      expect(errors).toEqual([{ field: 'fields.hacker', message: 'Trường "hacker": không có trong biểu mẫu của thủ tục này' }]);
      const missing = compileFormSchema(p)({});
      expect(missing.length).toBe((p.formSchema.required as string[]).length);
      for (const e of missing) expect(e.message).toMatch(/^[^:]+: bắt buộc phải khai báo$/);
    }
  });

  it('the legal base and the partial/full kind agree with the result delivery', () => {
    const { procedures } = parseCatalogue({ agencies: agenciesFile(), procedures: files });
    for (const p of procedures) {
      expect(p.legalBasis.some((l) => l.includes('118/2025/NĐ-CP'))).toBe(true);
      // partial (≈ level 3): result at the desk or by post, not online
      expect(p.resultDelivery.includes('online')).toBe(p.kind === 'full');
    }
  });
});
