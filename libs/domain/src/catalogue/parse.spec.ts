import { CatalogueError, parseAgenciesFile, parseCatalogue, parseProcedureFile, type AgencyDefinition } from './index';
import { agenciesFile, procedureFiles, procedureJson, type LooseJson } from './test-fixtures';

const FILE = 'config/procedures/bts-location-approval.json';
const agencies = (): AgencyDefinition[] => parseAgenciesFile(agenciesFile().json, agenciesFile().fileName);

/** The CatalogueError message of parsing a BTS file broken by `breakIt`. */
function errorOf(breakIt: (json: LooseJson) => void, options = {}): string {
  const json = procedureJson('bts-location-approval');
  breakIt(json);
  try {
    parseProcedureFile(json, FILE, options);
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogueError);
    return (err as Error).message;
  }
  throw new Error('expected a CatalogueError');
}

describe('parseProcedureFile', () => {
  it('names the file and the JSON path of a wrong enum value', () => {
    expect(errorOf((j) => (j.processingTime.unit = 'days'))).toBe(
      `${FILE}: /processingTime/unit must be one of working_days, calendar_days, working_hours`,
    );
  });

  it('names a missing property and an unknown one by their own path', () => {
    const message = errorOf((j) => {
      delete j.workflow;
      j.fee.vat = 10;
    });
    expect(message).toContain(`${FILE}: /workflow is required`);
    expect(message).toContain(`${FILE}: /fee/vat is not allowed`);
  });

  it('reports every problem, one line each, and keeps them as issues', () => {
    const json = procedureJson('bts-location-approval');
    json.kind = 'level4';
    json.documents[0].maxBytes = -1;
    json.nationalCode = '1.2.3';
    try {
      parseProcedureFile(json, FILE);
      throw new Error('expected a CatalogueError');
    } catch (err) {
      const issues = (err as CatalogueError).issues;
      expect(issues.map((i) => i.path).sort()).toEqual(['/documents/0/maxBytes', '/kind', '/nationalCode']);
      expect(issues.every((i) => i.file === FILE)).toBe(true);
      expect((err as Error).message.split('\n')).toHaveLength(3);
    }
  });

  it('rejects duplicate document codes', () => {
    expect(errorOf((j) => (j.documents[1].code = j.documents[0].code))).toBe(
      `${FILE}: /documents/1/code duplicates document code "application"`,
    );
  });

  it('checks agency, division and workflow when it is given the lists', () => {
    expect(errorOf((j) => (j.agency = 'STTTT'), { agencies: agencies() })).toBe(`${FILE}: /agency names unknown agency "STTTT"`);
    expect(errorOf((j) => (j.division = 'TTBCXB'), { agencies: agencies() })).toBe(
      `${FILE}: /division names no division of SKHCN ("TTBCXB")`,
    );
    expect(errorOf((j) => (j.workflow = 'bts'), { workflows: ['bts-approval'] })).toBe(`${FILE}: /workflow names unknown workflow "bts"`);
    // without the lists it only checks the file itself
    expect(() => parseProcedureFile({ ...procedureJson('bts-location-approval'), agency: 'STTTT' }, FILE)).not.toThrow();
  });

  describe('form schema', () => {
    it('must be draft-07', () => {
      expect(errorOf((j) => (j.formSchema.$schema = 'https://json-schema.org/draft/2020-12/schema'))).toBe(
        `${FILE}: /formSchema/$schema must be "http://json-schema.org/draft-07/schema#"`,
      );
    });

    it('must be a valid JSON Schema', () => {
      expect(errorOf((j) => (j.formSchema.properties.stationCode.maxLength = 'fifty'))).toContain(
        `${FILE}: /formSchema/properties/stationCode/maxLength must be integer`,
      );
    });

    it('must compile in strict mode (typos in keywords are caught)', () => {
      expect(errorOf((j) => (j.formSchema.properties.stationCode.maxLenght = 50))).toMatch(
        new RegExp(`^${FILE}: /formSchema does not compile: strict mode: unknown keyword: "maxLenght"`),
      );
    });

    it('must give every property a title', () => {
      expect(errorOf((j) => delete j.formSchema.properties.coordinates.properties.lat.title)).toBe(
        `${FILE}: /formSchema/properties/coordinates/properties/lat must have a "title" (Vietnamese; used in error messages)`,
      );
    });

    it('must bound every free-text string and close every object', () => {
      const message = errorOf((j) => {
        delete j.formSchema.properties.address.properties.street.maxLength;
        delete j.formSchema.properties.address.additionalProperties;
      });
      expect(message).toContain(`${FILE}: /formSchema/properties/address must set "additionalProperties": false`);
      expect(message).toContain(`${FILE}: /formSchema/properties/address/properties/street must set "maxLength" (or "enum")`);
    });

    it('checks that maxRatioOf names a sibling field and enumTitles match the enum', () => {
      const message = errorOf((j) => {
        j.formSchema.allOf[2].then.properties.columnHeight.maxRatioOf.field = 'buildingHeigth';
        j.formSchema.properties.operator.enumTitles.pop();
      });
      expect(message).toContain(`${FILE}: /formSchema/allOf/2/then/properties/columnHeight/maxRatioOf/field names no sibling property ("buildingHeigth")`);
      expect(message).toContain(`${FILE}: /formSchema/properties/operator/enumTitles must have one title per "enum" value`);
    });

    it('rejects a bad custom keyword value', () => {
      expect(errorOf((j) => (j.formSchema.properties.coordinates.properties.lat.vnCoordinate = 'latitude'))).toContain(
        `${FILE}: /formSchema does not compile: keyword "vnCoordinate" value is invalid`,
      );
    });

    it('forbids $id (validators are cached by content)', () => {
      expect(errorOf((j) => (j.formSchema.$id = 'https://motcua.example/bts'))).toBe(
        `${FILE}: /formSchema/$id is not allowed (form schemas are cached by content)`,
      );
    });
  });

  it('returns a deep-frozen copy', () => {
    const json = procedureJson('bts-location-approval');
    const p = parseProcedureFile(json, FILE);
    expect(p).toEqual(json);
    expect(p).not.toBe(json);
    expect(Object.isFrozen(p.documents[0])).toBe(true);
    expect(Object.isFrozen(p.formSchema.properties)).toBe(true);
    expect(Object.isFrozen(json)).toBe(false);
  });

  it('rejects what is not an object', () => {
    expect(() => parseProcedureFile(null, FILE)).toThrow(`${FILE}: / must be object`);
  });
});

describe('parseAgenciesFile', () => {
  const AGENCIES = 'config/agencies.json';
  const json = () => JSON.parse(JSON.stringify(agenciesFile().json));

  it('parses the real file', () => {
    expect(agencies().map((a) => a.code)).toEqual(['SKHCN', 'SVHTTDL']);
  });

  it('rejects a malformed identifier, naming file and path', () => {
    const broken = json();
    broken[0].identifier = 'H23-14';
    expect(() => parseAgenciesFile(broken, AGENCIES)).toThrow(`${AGENCIES}: /0/identifier must match pattern`);
  });

  it('rejects duplicate agency codes, identifiers and division codes', () => {
    const broken = json();
    broken[1].code = broken[0].code;
    broken[1].identifier = broken[0].identifier;
    broken[0].divisions.push({ code: 'BCVT', name: 'Trùng' });
    expect(() => parseAgenciesFile(broken, AGENCIES)).toThrow(
      [
        `${AGENCIES}: /1/code duplicates "SKHCN"`,
        `${AGENCIES}: /1/identifier duplicates "000.00.14.H23"`,
        `${AGENCIES}: /0/divisions/${broken[0].divisions.length - 1}/code duplicates "BCVT"`,
      ].join('\n'),
    );
  });
});

describe('parseCatalogue', () => {
  it('reports every broken file at once, and cross-file problems', () => {
    const files = procedureFiles();
    const bts = files.find((f) => f.fileName.endsWith('/bts-location-approval.json'))!;
    const bulletin = files.find((f) => f.fileName.endsWith('/bulletin-permit.json'))!;
    const broken = [
      { fileName: 'config/procedures/bts.json', json: bts.json }, // named unlike its code
      { fileName: 'config/procedures/bts-location-approval.json', json: bts.json }, // a second definition
      { fileName: bulletin.fileName, json: { ...(bulletin.json as object), agency: 'STTTT' } },
    ];
    expect(() => parseCatalogue({ agencies: agenciesFile(), procedures: broken })).toThrow(
      [
        'config/procedures/bts.json: /code must match the file name (bts-location-approval.json)',
        'config/procedures/bts-location-approval.json: /code "bts-location-approval" is already defined in config/procedures/bts.json',
        'config/procedures/bulletin-permit.json: /agency names unknown agency "STTTT"',
      ].join('\n'),
    );
  });
});
