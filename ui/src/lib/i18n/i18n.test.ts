import { beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../ipc';
import { DOCUMENT_KINDS, MEETING_KINDS, ROLES } from '../types';
import { en } from './en';
import {
  documentKindLabel,
  getLocale,
  interpolate,
  LOCALE_STORAGE_KEY,
  meetingKindLabel,
  reloadLocale,
  roleLabel,
  setLocale,
  t,
  tError,
  toggleLocale,
  tPlural,
  translate,
  translateError,
} from './index';
import { vi } from './vi';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

describe('dictionaries', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });

  it('have no empty text', () => {
    for (const dict of [vi, en]) {
      for (const [key, value] of Object.entries(dict)) {
        expect(value.trim(), key).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(names(en[key]), key).toEqual(names(vi[key]));
    }
  });

  it('label every role, meeting kind, document kind and error code in both languages', () => {
    const keys = [
      ...ROLES.map((r) => `role.${r}`),
      ...MEETING_KINDS.map((k) => `meetingKind.${k}`),
      ...DOCUMENT_KINDS.map((k) => `documentKind.${k}`),
      ...ERROR_CODES.map((c) => `errorCode.${c}`),
    ];
    for (const key of keys) {
      expect(vi, key).toHaveProperty([key]);
      expect(en, key).toHaveProperty([key]);
    }
  });

  it('are written with Vietnamese diacritics', () => {
    expect(vi['app.name']).toBe('Phòng Họp');
    expect(vi['role.secretary']).toBe('Thư ký');
    expect(vi['meetingKind.session']).toBe('Kỳ họp');
    expect(vi['documentKind.draft_resolution']).toBe('Dự thảo nghị quyết');
    expect(vi['meetings.empty']).toBe('Chưa có cuộc họp nào');
    expect(vi['sync.button']).toBe('Đồng bộ');
  });
});

describe('interpolation', () => {
  it('fills named placeholders', () => {
    expect(interpolate('Mã lỗi: {code} ({code})', { code: 'x.y' })).toBe('Mã lỗi: x.y (x.y)');
    expect(translate('vi', 'agenda.presenter', { name: 'Sở Tài chính' })).toBe('Trình bày: Sở Tài chính');
    expect(translate('en', 'agenda.presenter', { name: 'Finance' })).toBe('Presented by: Finance');
  });

  it('keeps unknown placeholders and accepts numbers', () => {
    expect(interpolate('{a} và {b}', { a: 1 })).toBe('1 và {b}');
    expect(interpolate('{a}')).toBe('{a}');
  });

  it('chooses plural forms', () => {
    setLocale('en');
    expect(tPlural('meeting.items', 1)).toBe('1 item');
    expect(tPlural('meeting.items', 5)).toBe('5 items');
    setLocale('vi');
    expect(tPlural('meeting.documents', 7)).toBe('7 tài liệu');
  });
});

describe('labels and errors', () => {
  it('translate enum values in the current locale', () => {
    expect(roleLabel('secretary')).toBe('Thư ký');
    expect(meetingKindLabel('conference')).toBe('Hội nghị');
    expect(documentKindLabel('conclusion_notice')).toBe('Thông báo kết luận');
    setLocale('en');
    expect(roleLabel('secretary')).toBe('Secretary');
    expect(documentKindLabel('minutes')).toBe('Minutes');
  });

  it('translate known error codes and fall back to a text that shows the code', () => {
    expect(tError('sync.unreachable')).toBe(
      'Không kết nối được máy chủ. Đang hiển thị dữ liệu đã lưu trên máy này.',
    );
    expect(translateError('en', 'sync.unreachable')).toBe(
      'Cannot reach the server. Showing the data saved on this computer.',
    );
    const unknown = tError('pdf.exploded');
    expect(unknown).toContain('pdf.exploded');
    expect(unknown).toBe(translate('vi', 'error.generic', { code: 'pdf.exploded' }));
    expect(translateError('en', 'title')).toContain('title');
  });
});

describe('current locale', () => {
  it('starts in Vietnamese and switches to English, remembering the choice', () => {
    expect(getLocale()).toBe('vi');
    expect(t('meetings.heading')).toBe('Cuộc họp');
    toggleLocale();
    expect(getLocale()).toBe('en');
    expect(t('meetings.heading')).toBe('Meetings');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('reads the remembered locale and ignores junk', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    reloadLocale();
    expect(getLocale()).toBe('en');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    reloadLocale();
    expect(getLocale()).toBe('vi');
  });
});
