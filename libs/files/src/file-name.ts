/** The `files.name` column's length, in characters (code points, as PostgreSQL counts them). */
export const MAX_FILE_NAME_LENGTH = 255;

const FALLBACK_NAME = 'file';
// Control characters, plus the bidirectional overrides that make "invoice‮fdp.exe" display as "invoice.exe.pdf".
const INVISIBLE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The name a client gave its file, made safe to store and show: no path (a browser may send
 * "C:\\Users\\…\\scan.pdf"), no control or direction-changing characters, NFC (macOS sends
 * Vietnamese names decomposed), at most 255 characters keeping the extension.
 */
export function sanitizeFileName(original: string | undefined): string {
  const base = (original ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = base.normalize('NFC').replace(INVISIBLE, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return FALLBACK_NAME;
  return truncateKeepingExtension(cleaned, MAX_FILE_NAME_LENGTH);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name); // code points, so a surrogate pair is never cut in half
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(name.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16) return chars.slice(0, max).join('');
  return chars.slice(0, max - extension.length).join('') + extension.join('');
}
