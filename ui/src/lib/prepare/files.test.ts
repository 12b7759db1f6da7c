import { describe, expect, it, vi } from 'vitest';
import { baseName, isAcceptedFile, readFileBase64, titleFromFileName } from './files';

describe('files', () => {
  it('accepts PDF and what the backend converts, in any case', () => {
    expect(isAcceptedFile('To trinh.PDF')).toBe(true);
    expect(isAcceptedFile('bao-cao.docx')).toBe(true);
    expect(isAcceptedFile('anh.jpeg')).toBe(true);
    expect(isAcceptedFile('bang-tinh.xlsx')).toBe(false);
  });

  it('titles a document by its file name without the extension', () => {
    expect(titleFromFileName('Tờ trình số 12.pdf')).toBe('Tờ trình số 12');
    expect(titleFromFileName('Báo cáo v2.final.docx')).toBe('Báo cáo v2.final');
    expect(titleFromFileName('/home/thu-ky/Tài liệu/Đề án.odt')).toBe('Đề án');
    expect(titleFromFileName('C:\\Users\\Thu ky\\Giay moi.pdf')).toBe('Giay moi');
    expect(titleFromFileName('.pdf')).toBe('.pdf');
    expect(baseName('a/b\\c.pdf')).toBe('c.pdf');
  });

  it('reads bytes as base64 and reports progress', async () => {
    const progress = vi.fn();
    const file = new File([new Uint8Array([37, 80, 68, 70, 45, 49])], 'a.pdf', { type: 'application/pdf' });
    expect(await readFileBase64(file, progress)).toBe(btoa('%PDF-1'));
  });
});
