import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_STATUS_CODES, buildStatusLabels, DossierStatus, endsProcessing, isDossierStatus } from '.';

describe('dossier statuses', () => {
  const names = JSON.parse(readFileSync(join(__dirname, '../../../../config/statuses.json'), 'utf8'));

  it('has the ten portal codes in order', () => {
    expect(ALL_STATUS_CODES).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('ends processing for refused, withdrawn, stopped, processed and returned only', () => {
    const ending = ALL_STATUS_CODES.filter(endsProcessing);
    expect(ending).toEqual([
      DossierStatus.NOT_ACCEPTED,
      DossierStatus.WITHDRAWN,
      DossierStatus.STOPPED,
      DossierStatus.PROCESSED,
      DossierStatus.RETURNED,
    ]);
  });

  it('labels every code with its Vietnamese name from config', () => {
    const labels = buildStatusLabels(names);
    expect(labels).toHaveLength(10);
    expect(labels[0]).toEqual({ code: 1, key: 'SUBMITTED', name: 'Mới đăng ký', endsProcessing: false });
    expect(labels[5].name).toBe('Yêu cầu thực hiện nghĩa vụ tài chính');
    expect(labels[9]).toMatchObject({ code: 10, key: 'RETURNED', name: 'Đã trả kết quả', endsProcessing: true });
  });

  it('refuses a table with a missing name, naming the status', () => {
    const { ['7']: _removed, ...rest } = names;
    expect(() => buildStatusLabels(rest, 'config/statuses.json')).toThrow(
      'config/statuses.json: status 7 (WITHDRAWN) has no Vietnamese name',
    );
  });

  it('recognises only integer codes 1..10', () => {
    expect(isDossierStatus(4)).toBe(true);
    expect(isDossierStatus(0)).toBe(false);
    expect(isDossierStatus(11)).toBe(false);
    expect(isDossierStatus('4')).toBe(false);
  });
});
