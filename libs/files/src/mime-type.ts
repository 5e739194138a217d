/**
 * File types recognised from their first bytes (magic numbers). The client's file name and
 * Content-Type are never trusted: an executable renamed "scan.pdf" has no PDF signature.
 * To accept a new type, add its signature here and its MIME type to a procedure's `accept`.
 */
interface Signature {
  mimeType: string;
  magic: Buffer;
  /** Where the magic number starts; 0 for every type so far. */
  offset: number;
}

const SIGNATURES: readonly Signature[] = [
  { mimeType: 'application/pdf', magic: Buffer.from('%PDF-', 'latin1'), offset: 0 },
  { mimeType: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]), offset: 0 },
  { mimeType: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), offset: 0 },
];

/** Every MIME type detectMimeType can return. */
export const DETECTABLE_MIME_TYPES: readonly string[] = SIGNATURES.map((signature) => signature.mimeType);

/** How many leading bytes detectMimeType needs to decide. */
export const SNIFF_BYTES = Math.max(...SIGNATURES.map((signature) => signature.offset + signature.magic.length));

/** The MIME type the content starts like, or undefined when it matches no known signature. */
export function detectMimeType(firstBytes: Buffer): string | undefined {
  return SIGNATURES.find(({ magic, offset }) => firstBytes.subarray(offset, offset + magic.length).equals(magic))?.mimeType;
}
