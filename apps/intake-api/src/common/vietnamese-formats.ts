/** 12-digit citizen identity card number (CCCD). */
export const CITIZEN_ID = /^\d{12}$/;

/** Vietnamese mobile numbers in national form after normalisation (03x, 05x, 07x, 08x, 09x). */
export const VN_MOBILE = /^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$/;

/** Letters (Vietnamese included), spaces, apostrophes, hyphens and dots. */
export const FULL_NAME = /^[\p{L}][\p{L}\p{M} .'-]*$/u;

type TransformInput = { value: unknown };

export const trimmed = ({ value }: TransformInput) => (typeof value === 'string' ? value.trim() : value);

/** +84 912 345 678 → 0912345678; anything else is left for the validator to refuse. */
export const normalisePhone = ({ value }: TransformInput) => {
  if (typeof value !== 'string') return value;
  const compact = value.replace(/[\s.-]/g, '');
  return compact.startsWith('+84') ? `0${compact.slice(3)}` : compact.startsWith('84') && compact.length === 11 ? `0${compact.slice(2)}` : compact;
};
