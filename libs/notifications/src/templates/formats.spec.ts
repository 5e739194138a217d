import { formatDateTime, formatMissingItems, formatVnd } from './formats';
import { formatPhone, normalisePhone, stripDiacritics } from '../delivery/sms-gateway/vietnamese-text';
import { localDay } from '../delivery/daily-cap';
import { retryDelayMs } from '../delivery/retry-policy';

describe('Vietnamese formats', () => {
  it('writes instants as dd/MM/yyyy HH:mm in the service time zone', () => {
    expect(formatDateTime('2025-11-03T17:05:00Z', 'Asia/Ho_Chi_Minh')).toBe('04/11/2025 00:05');
    expect(formatDateTime(new Date('2025-01-09T02:30:00Z'), 'Asia/Ho_Chi_Minh')).toBe('09/01/2025 09:30');
  });

  it('counts the cap day from local midnight', () => {
    expect(localDay(new Date('2025-11-03T17:05:00Z'), 'Asia/Ho_Chi_Minh')).toBe('2025-11-04');
  });

  it('writes amounts in đồng with dots', () => {
    expect(formatVnd(1_500_000)).toBe('1.500.000 đồng');
    expect(formatVnd(500)).toBe('500 đồng');
  });

  it('lists supplementation items one per line', () => {
    expect(formatMissingItems([{ name: 'Bản vẽ kết cấu', note: 'có đóng dấu' }, { name: 'Hợp đồng thuê' }])).toBe('- Bản vẽ kết cấu (có đóng dấu)\n- Hợp đồng thuê');
    expect(formatMissingItems([])).toBeUndefined();
  });
});

describe('SMS text and numbers', () => {
  it('strips diacritics for gateways that take unaccented text only', () => {
    expect(stripDiacritics('Được tiếp nhận, hẹn trả kết quả. ĐỒNG Ý')).toBe('Duoc tiep nhan, hen tra ket qua. DONG Y');
  });

  it('normalises numbers as typed and writes them as a gateway wants', () => {
    expect(normalisePhone('+84 98 123 4567')).toBe('0981234567');
    expect(normalisePhone('84981234567')).toBe('0981234567');
    expect(normalisePhone('0981.234.567')).toBe('0981234567');
    expect(normalisePhone('12345')).toBeNull();
    expect(formatPhone('0981234567', '84')).toBe('84981234567');
    expect(formatPhone('0981234567', '+84')).toBe('+84981234567');
  });
});

describe('retry delay', () => {
  it('doubles from the base, with jitter, and honours what the provider asked', () => {
    expect(retryDelayMs(1, 1000, 0, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, 1000, 0, () => 0.5)).toBe(4000);
    expect(retryDelayMs(1, 1000, 0, () => 0)).toBe(900);
    expect(retryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(30, 1000, 0, () => 0.5)).toBe(6 * 60 * 60 * 1000);
  });
});
