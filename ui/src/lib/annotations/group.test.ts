import { describe, expect, it } from 'vitest';
import { isAnnotationsChanged } from './annotations.svelte';
import { groupByDocument, snippet } from './group';
import type { AnnotationBody, AnnotationView } from './types';

function view(id: string, documentId: string, page: number, body: AnnotationBody): AnnotationView {
  return {
    id,
    documentId,
    documentTitle: `Tài liệu ${documentId}`,
    revision: 1,
    page,
    body,
    colour: 'yellow',
    audience: { kind: 'private' },
    authorId: 'u',
    authorName: 'U',
    mine: true,
    placement: 'original',
    updatedAt: '2026-11-24T08:00:00+07:00',
  };
}

describe('panel grouping', () => {
  it('groups by document in the order met, each in reading order (page, then top down)', () => {
    const groups = groupByDocument([
      view('low', 'd1', 1, { kind: 'note', at: { x: 10, y: 100 }, text: 'dưới' }),
      view('other', 'd2', 0, { kind: 'bookmark', label: 'Trang 1' }),
      view('high', 'd1', 1, { kind: 'note', at: { x: 10, y: 700 }, text: 'trên' }),
      view('first', 'd1', 0, { kind: 'ink', strokes: [[{ x: 1, y: 1 }]], width: 'thin' }),
    ]);
    expect(groups.map((g) => [g.documentId, g.title, g.items.map((v) => v.id)])).toEqual([
      ['d1', 'Tài liệu d1', ['first', 'high', 'low']],
      ['d2', 'Tài liệu d2', ['other']],
    ]);
  });

  it('describes each by its quote, note or label, whitespace collapsed and cut', () => {
    expect(snippet(view('a', 'd', 0, { kind: 'highlight', start: 0, end: 9, quote: 'Ngân\r\n sách', rects: [] }))).toBe(
      'Ngân sách',
    );
    expect(snippet(view('a', 'd', 0, { kind: 'note', at: { x: 0, y: 0 }, text: 'x'.repeat(300) }), 10)).toBe(
      `${'x'.repeat(9)}…`,
    );
    expect(snippet(view('a', 'd', 0, { kind: 'ink', strokes: [], width: 'thick' }))).toBe('');
  });
});

describe('live signal', () => {
  it('recognises annotations changing in this meeting, nested or not', () => {
    expect(isAnnotationsChanged({ meetingId: 'm', signal: { kind: 'annotations.changed' } }, 'm')).toBe(true);
    expect(isAnnotationsChanged({ meetingId: 'm', kind: 'annotations.changed' }, 'm')).toBe(true);
    expect(isAnnotationsChanged({ meetingId: 'm', signal: { kind: 'annotationsChanged' } }, 'm')).toBe(true);
    expect(isAnnotationsChanged({ meetingId: 'other', kind: 'annotations.changed' }, 'm')).toBe(false);
    expect(isAnnotationsChanged({ meetingId: 'm', signal: { kind: 'votesChanged' } }, 'm')).toBe(false);
    expect(isAnnotationsChanged(null, 'm')).toBe(false);
  });
});
