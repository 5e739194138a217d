import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

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

/** A person's full name: trimmed, 2–100 characters, letters and the punctuation names use. */
export const PersonName = () =>
  applyDecorators(
    Transform(trimmed),
    IsString(),
    MinLength(2),
    MaxLength(100),
    Matches(FULL_NAME, { message: 'fullName may contain only letters, spaces, apostrophes and hyphens' }),
  );

/** An e-mail address, trimmed, at most 254 characters. */
export const EmailAddress = () =>
  applyDecorators(Transform(trimmed), IsEmail({}, { message: 'email must be an e-mail address' }), MaxLength(254));

/** A Vietnamese mobile number, accepted as 0912 345 678 or +84 912 345 678 and stored as 0912345678. */
export const VietnameseMobile = () =>
  applyDecorators(
    Transform(normalisePhone),
    IsString(),
    Matches(VN_MOBILE, { message: 'phone must be a Vietnamese mobile number, e.g. 0912345678 or +84912345678' }),
  );
