/** "Được tiếp nhận" → "Duoc tiep nhan": for gateways that accept only unaccented text (tin không dấu). */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * A Vietnamese mobile number in the one form stored on messages, 0xxxxxxxxx, from what people
 * type: spaces, dots, dashes, +84 or 84 prefixes. Null when it is not a plausible number.
 */
export function normalisePhone(input: string | null | undefined): string | null {
  if (!input) return null;
  let digits = input.replace(/[\s.\-()]/g, '');
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`;
  else if (digits.startsWith('84') && digits.length === 11) digits = `0${digits.slice(2)}`;
  return /^0\d{9}$/.test(digits) ? digits : null;
}

/** The stored 0xxxxxxxxx form in the format a gateway asks for. */
export function formatPhone(phone: string, format: '0' | '84' | '+84'): string {
  if (format === '0') return phone;
  return `${format}${phone.slice(1)}`;
}
