import { MAX_FILE_NAME_LENGTH, sanitizeFileName } from './file-name';

describe('sanitizeFileName', () => {
  it.each([
    ['scan.pdf', 'scan.pdf'],
    ['C:\\Users\\an\\Desktop\\giấy phép.pdf', 'giấy phép.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['a\u0000b\r\nc.pdf', 'abc.pdf'],
    ['invoice\u202efdp.exe', 'invoicefdp.exe'],
    ['  spaced.png  ', 'spaced.png'],
    ['..', 'file'],
    ['dir/', 'file'],
    ['', 'file'],
    [undefined, 'file'],
  ])('turns %p into %p', (input, expected) => {
    expect(sanitizeFileName(input)).toBe(expected);
  });

  it('stores Vietnamese names composed (NFC)', () => {
    const decomposed = 'Đơn đề nghị.pdf'.normalize('NFD');
    expect(sanitizeFileName(decomposed)).toBe('Đơn đề nghị.pdf'.normalize('NFC'));
  });

  it('cuts a long name to 255 characters, keeping the extension and whole characters', () => {
    const name = sanitizeFileName(`${'😀'.repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith('😀.pdf')).toBe(true);
    expect(Array.from(sanitizeFileName('x'.repeat(400)))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});
