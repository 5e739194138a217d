import { formatDossierCode, isAgencyIdentifier, parseDossierCode } from '.';

describe('dossier code', () => {
  it('formats agency identifier, yyMMdd and a four-digit counter', () => {
    expect(formatDossierCode({ agencyIdentifier: '000.00.14.H23', day: '2025-11-03', counter: 42 })).toBe(
      '000.00.14.H23-251103-0042',
    );
  });

  it('grows past 9999 instead of wrapping', () => {
    expect(formatDossierCode({ agencyIdentifier: '000.00.14.H23', day: '2026-01-05', counter: 12345 })).toBe(
      '000.00.14.H23-260105-12345',
    );
  });

  it('parses what it formats', () => {
    expect(parseDossierCode('000.00.14.H23-251103-0042')).toEqual({
      agencyIdentifier: '000.00.14.H23',
      day: '2025-11-03',
      counter: 42,
    });
  });

  it.each(['', 'abc', '000.00.14.H23-251103-42', '000.00.14.H23-251332-0001', '000.00.14.H23-250229-0001', "x' OR 1=1"])(
    'rejects %p',
    (code) => expect(parseDossierCode(code)).toBeUndefined(),
  );

  it('accepts 29 February in a leap year', () => {
    expect(parseDossierCode('000.00.14.H23-280229-0001')?.day).toBe('2028-02-29');
  });

  it('refuses bad parts', () => {
    expect(() => formatDossierCode({ agencyIdentifier: 'H23', day: '2025-11-03', counter: 1 })).toThrow(RangeError);
    expect(() => formatDossierCode({ agencyIdentifier: '000.00.14.H23', day: '2025/11/03', counter: 1 })).toThrow(RangeError);
    expect(() => formatDossierCode({ agencyIdentifier: '000.00.14.H23', day: '2025-11-03', counter: 0 })).toThrow(RangeError);
  });

  it('knows agency identifiers', () => {
    expect(isAgencyIdentifier('000.00.14.H23')).toBe(true);
    expect(isAgencyIdentifier('000.00.14')).toBe(false);
  });
});
