import { DETECTABLE_MIME_TYPES, detectMimeType, SNIFF_BYTES } from './mime-type';

describe('detectMimeType', () => {
  it.each([
    ['a PDF', Buffer.from('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['a JPEG', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), 'image/jpeg'],
    ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image/png'],
  ])('recognises %s from its magic number', (_what, bytes, mimeType) => {
    expect(detectMimeType(bytes)).toBe(mimeType);
  });

  it.each([
    ['a Windows executable', Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1')],
    ['an ELF executable', Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1')],
    ['a ZIP (docx) archive', Buffer.from('PK\x03\x04\x14\x00', 'latin1')],
    ['a script', Buffer.from('#!/bin/sh\nrm -rf /\n')],
    ['a PDF signature not at the start', Buffer.from(' %PDF-1.4')],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    ['nothing', Buffer.alloc(0)],
  ])('recognises nothing in %s', (_what, bytes) => {
    expect(detectMimeType(bytes)).toBeUndefined();
  });

  it('needs no more than SNIFF_BYTES to decide', () => {
    expect(SNIFF_BYTES).toBe(8);
    expect(DETECTABLE_MIME_TYPES).toEqual(['application/pdf', 'image/jpeg', 'image/png']);
  });
});
