import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import type { AnnotationInput } from '../../annotations/types';
import { chair } from '../../../test/room-fixtures';
import {
  annotation,
  annotationBackend,
  binhHighlight,
  myHighlight,
  type AnnotationBackendOptions,
} from '../../../test/annotation-backend';
import Viewer from '../Viewer.svelte';

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('viewer.mode', 'single');
  setLocale('vi');
});
afterEach(() => {
  cleanup();
  clearMocks();
});

/** Opens the proposal in the viewer, with the fake backend, and waits for page 1. */
async function openViewer(options: AnnotationBackendOptions = {}, props: Record<string, unknown> = {}) {
  const backend = annotationBackend(options);
  render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {}, ...props });
  const indicator = await screen.findByTestId('page-indicator');
  await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
  await screen.findByTestId('annot-layer-0');
  await waitFor(() => expect(backend.called('document_annotations')).toHaveLength(1));
  return { ...backend, indicator };
}

/** Pixels per point of the page shown. */
function scaleOf(index = 0): number {
  const page = screen.getAllByTestId('page').find((p) => p.dataset.page === String(index)) as HTMLElement;
  return parseFloat(page.style.width) / 595;
}

/** Client coordinates of a point on the page (jsdom puts the page at 0, 0). */
function at(x: number, y: number, index = 0) {
  const scale = scaleOf(index);
  return { clientX: x * scale, clientY: (842 - y) * scale, pointerId: 1, button: 0 };
}

/** Presses at one point of the page, drags through the others and lets go at the last. */
async function drag(points: [number, number][], index = 0) {
  const surface = screen.getByTestId(`annot-capture-${index}`);
  const [first, ...rest] = points;
  await fireEvent.pointerDown(surface, at(first[0], first[1], index));
  for (const point of rest) await fireEvent.pointerMove(surface, at(point[0], point[1], index));
  const last = rest[rest.length - 1] ?? first;
  await fireEvent.pointerUp(surface, at(last[0], last[1], index));
}

const layer = (index = 0) => screen.getByTestId(`annot-layer-${index}`);
const marks = (kind: string, index = 0) => [...layer(index).querySelectorAll<HTMLElement>(`[data-annotation-kind="${kind}"]`)];
const last = <T,>(list: T[]): T | undefined => list[list.length - 1];
const pressed = (id: string) => screen.getByTestId(id).getAttribute('aria-pressed');

describe('annotation tools', () => {
  it('toggle, each with its colours, and Escape puts the tool down before closing anything', async () => {
    await openViewer();
    expect(pressed('annot-tool-none')).toBe('true');
    expect(screen.getByTestId('annot-tool-highlight').textContent).toContain('Tô sáng');
    expect(screen.queryByTestId('annot-options')).toBeNull();

    await fireEvent.click(screen.getByTestId('annot-tool-highlight'));
    expect(pressed('annot-tool-highlight')).toBe('true');
    expect(pressed('annot-tool-none')).toBe('false');
    expect(screen.getByTestId('annot-hint').textContent).toContain('kéo đến cuối đoạn');
    const colours = within(screen.getByTestId('annot-options')).getAllByRole('button').map((b) => b.dataset.testid);
    expect(colours).toEqual(['annot-colour-yellow', 'annot-colour-green', 'annot-colour-blue']);
    expect(pressed('annot-colour-yellow')).toBe('true');
    await fireEvent.click(screen.getByTestId('annot-colour-green'));
    expect(pressed('annot-colour-green')).toBe('true');

    await fireEvent.click(screen.getByTestId('annot-tool-ink'));
    expect(pressed('annot-tool-ink')).toBe('true');
    expect(pressed('annot-tool-highlight')).toBe('false');
    expect(screen.getByTestId('annot-colour-red').textContent).toContain('Đỏ');
    expect(screen.getByTestId('annot-colour-blue').textContent).toContain('Xanh dương');
    expect(screen.getByTestId('annot-colour-green').textContent).toContain('Xanh lá');
    expect(screen.queryByTestId('annot-colour-yellow')).toBeNull();
    expect(pressed('annot-width-thin')).toBe('true');
    await fireEvent.click(screen.getByTestId('annot-width-thick'));
    expect(pressed('annot-width-thick')).toBe('true');
    expect(screen.getByTestId('annot-width-thick').textContent).toContain('Đậm');

    // Pressing the tool in hand again puts it down.
    await fireEvent.click(screen.getByTestId('annot-tool-ink'));
    expect(pressed('annot-tool-none')).toBe('true');
    expect(screen.queryByTestId('annot-capture-0')).toBeNull();

    await fireEvent.click(screen.getByTestId('annot-tool-eraser'));
    expect(pressed('annot-tool-eraser')).toBe('true');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(pressed('annot-tool-none')).toBe('true');
    expect(screen.getByTestId('viewer')).toBeTruthy();
  });
});

describe('highlight and underline', () => {
  it('anchors a drag to the characters under it and saves the highlight', async () => {
    const { called } = await openViewer();
    await fireEvent.click(screen.getByTestId('annot-tool-highlight'));
    await fireEvent.click(screen.getByTestId('annot-colour-blue'));
    // From inside "N" to inside the second "n" of "Ngân sách": characters 0..3.
    await drag([
      [104, 706],
      [120, 706],
      [135, 705],
    ]);
    await waitFor(() => expect(called('save_annotation')).toHaveLength(1));
    expect(called('page_chars')).toEqual([{ meetingId: 'm1', documentId: 'd1', page: 0 }]);
    const input = called('save_annotation')[0].annotation as AnnotationInput;
    expect(input).toEqual({
      documentId: 'd1',
      page: 0,
      body: { kind: 'highlight', start: 0, end: 4, quote: 'Ngân', rects: [{ left: 100, bottom: 700, right: 139, top: 712 }] },
      colour: 'blue',
      audience: { kind: 'private' },
    });
    const [mark] = marks('highlight');
    expect(mark.dataset.annotationId).toBe('new-1');
    const scale = scaleOf();
    expect(parseFloat(mark.style.left)).toBeCloseTo(100 * scale, 5);
    expect(parseFloat(mark.style.top)).toBeCloseTo((842 - 712) * scale, 5);
    expect(parseFloat(mark.style.width)).toBeCloseTo(39 * scale, 5);

    // Underline across both lines, backwards; the page's characters are not asked again.
    await fireEvent.click(screen.getByTestId('annot-tool-underline'));
    await drag([
      [125, 684],
      [165, 706],
    ]);
    await waitFor(() => expect(called('save_annotation')).toHaveLength(2));
    expect(called('page_chars')).toHaveLength(1);
    const underline = called('save_annotation')[1].annotation as AnnotationInput;
    expect(underline.colour).toBe('red');
    expect(underline.body).toMatchObject({ kind: 'underline', start: 6, end: 23, quote: 'ách năm 2027\r\nTổn' });
    await waitFor(() => expect(marks('underline')).toHaveLength(1));
    expect(marks('underline')[0].querySelectorAll('.box')).toHaveLength(2);
  });

  it('tells when the page has no text to mark', async () => {
    const { called } = await openViewer({ handlers: { page_chars: () => [] } });
    await fireEvent.click(screen.getByTestId('annot-tool-highlight'));
    await drag([
      [104, 706],
      [135, 705],
    ]);
    await waitFor(() => expect(screen.getByTestId('annot-notice').textContent).toContain('Không tìm thấy chữ'));
    expect(called('save_annotation')).toHaveLength(0);
  });
});

describe('ink', () => {
  it('draws a smoothed stroke and saves it as one annotation with the chosen pen', async () => {
    const { called } = await openViewer();
    await fireEvent.click(screen.getByTestId('annot-tool-ink'));
    await fireEvent.click(screen.getByTestId('annot-colour-blue'));
    await fireEvent.click(screen.getByTestId('annot-width-thick'));
    const points: [number, number][] = Array.from({ length: 40 }, (_, i) => [100 + i * 3, 400 + (i % 2) * 0.3]);
    await drag(points);
    await waitFor(() => expect(called('save_annotation')).toHaveLength(1));
    const input = called('save_annotation')[0].annotation as AnnotationInput;
    expect(input.colour).toBe('blue');
    expect(input.body.kind).toBe('ink');
    if (input.body.kind !== 'ink') return;
    expect(input.body.width).toBe('thick');
    expect(input.body.strokes).toHaveLength(1);
    const stroke = input.body.strokes[0];
    expect(stroke.length).toBeLessThan(points.length);
    expect(stroke[0].x).toBeCloseTo(100, 0);
    expect(stroke[stroke.length - 1].x).toBeCloseTo(217, 0);
    await waitFor(() => expect(marks('ink')).toHaveLength(1));
    expect(marks('ink')[0].querySelector('path.stroke')?.getAttribute('stroke-width')).toBe('4');
  });
});

describe('notes', () => {
  it('are written in a dialog, saved in NFC, shown as an icon, and opened again by a click', async () => {
    const { called } = await openViewer();
    await fireEvent.click(screen.getByTestId('annot-tool-note'));
    await drag([[300, 500]]);
    const dialog = await screen.findByTestId('annot-note-dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Ghi chú mới');
    const box = screen.getByTestId('annot-note-text') as HTMLTextAreaElement;
    await waitFor(() => expect(document.activeElement).toBe(box));

    await fireEvent.click(screen.getByTestId('annot-note-save'));
    expect(screen.getByTestId('annot-note-problem').textContent).toBe('Xin nhập nội dung ghi chú.');
    expect(called('save_annotation')).toHaveLength(0);

    const decomposed = 'Đề nghị xem lại số liệu thu ngân sách'.normalize('NFD');
    await fireEvent.input(box, { target: { value: `  ${decomposed}  ` } });
    await fireEvent.click(screen.getByTestId('annot-note-save'));
    await waitFor(() => expect(screen.queryByTestId('annot-note-dialog')).toBeNull());
    const input = called('save_annotation')[0].annotation as AnnotationInput;
    expect(input.body).toEqual({
      kind: 'note',
      at: { x: expect.closeTo(300, 1), y: expect.closeTo(500, 1) },
      text: 'Đề nghị xem lại số liệu thu ngân sách',
    });
    expect(input.body.kind === 'note' && input.body.text === input.body.text.normalize('NFC')).toBe(true);

    const [icon] = marks('note');
    expect(icon.tagName).toBe('BUTTON');
    expect(icon.getAttribute('aria-label')).toContain('Đề nghị xem lại số liệu');

    // Read it again with the tool put down, change it, save: an update of the same note.
    await fireEvent.click(screen.getByTestId('annot-tool-note'));
    await fireEvent.click(icon);
    const again = screen.getByTestId('annot-note-text') as HTMLTextAreaElement;
    expect(again.value).toBe('Đề nghị xem lại số liệu thu ngân sách');
    await fireEvent.input(again, { target: { value: 'Đề nghị giải trình' } });
    await fireEvent.click(screen.getByTestId('annot-note-save'));
    await waitFor(() => expect(called('save_annotation')).toHaveLength(2));
    expect(called('save_annotation')[1].annotation).toMatchObject({ id: 'new-1', body: { kind: 'note', text: 'Đề nghị giải trình' } });

    // Cancel with Escape leaves the viewer open.
    await fireEvent.click(marks('note')[0]);
    await fireEvent.keyDown(screen.getByTestId('annot-note-text'), { key: 'Escape' });
    expect(screen.queryByTestId('annot-note-dialog')).toBeNull();
    expect(screen.getByTestId('viewer')).toBeTruthy();
  });

  it('can be added from the keyboard with the note tool', async () => {
    const { called } = await openViewer();
    await fireEvent.click(screen.getByTestId('annot-tool-note'));
    await fireEvent.click(screen.getByTestId('annot-note-add-page'));
    await fireEvent.input(screen.getByTestId('annot-note-text'), { target: { value: 'Ghi chú trang 1' } });
    await fireEvent.click(screen.getByTestId('annot-note-save'));
    await waitFor(() => expect(called('save_annotation')).toHaveLength(1));
    expect(called('save_annotation')[0].annotation).toMatchObject({ page: 0, body: { kind: 'note', at: { x: 36, y: 806 } } });
  });
});

describe('bookmarks', () => {
  it('toggle a ribbon on the current page', async () => {
    const { called } = await openViewer();
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(pressed('annot-tool-bookmark')).toBe('false');
    await fireEvent.click(screen.getByTestId('annot-tool-bookmark'));
    await waitFor(() => expect(called('save_annotation')).toHaveLength(1));
    expect(called('save_annotation')[0].annotation).toMatchObject({ page: 1, body: { kind: 'bookmark', label: 'Trang 2' } });
    await waitFor(() => expect(pressed('annot-tool-bookmark')).toBe('true'));
    expect(marks('bookmark', 1)).toHaveLength(1);
    await fireEvent.click(screen.getByTestId('annot-tool-bookmark'));
    await waitFor(() => expect(called('delete_annotation')).toEqual([{ meetingId: 'm1', annotationId: 'new-1' }]));
    await waitFor(() => expect(marks('bookmark', 1)).toHaveLength(0));
  });
});

describe('eraser, undo and redo', () => {
  it('erase my annotation, bring it back with its id and fields, and erase it again', async () => {
    const { called } = await openViewer({ annotations: [myHighlight] });
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    expect(screen.getByTestId('annot-undo').getAttribute('aria-disabled')).toBe('true');

    await fireEvent.click(screen.getByTestId('annot-tool-eraser'));
    await fireEvent.click(marks('highlight')[0].querySelector('.box') as HTMLElement);
    await waitFor(() => expect(marks('highlight')).toHaveLength(0));
    expect(called('delete_annotation')).toEqual([{ meetingId: 'm1', annotationId: 'h1' }]);
    expect(screen.getByTestId('annot-notice').textContent).toContain('Hoàn tác');

    await fireEvent.click(screen.getByTestId('annot-undo'));
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    expect(called('save_annotation')).toEqual([
      {
        meetingId: 'm1',
        annotation: {
          id: 'h1',
          documentId: 'd1',
          page: 0,
          body: myHighlight.body,
          colour: 'yellow',
          audience: { kind: 'private' },
        },
      },
    ]);
    expect(marks('highlight')[0].dataset.annotationId).toBe('h1');

    await fireEvent.keyDown(window, { key: 'y', ctrlKey: true });
    await waitFor(() => expect(marks('highlight')).toHaveLength(0));
    expect(called('delete_annotation')).toHaveLength(2);
    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    expect(called('save_annotation')).toHaveLength(2);
  });

  it('undo a creation by deleting it, and an edit by saving what it was', async () => {
    const { called } = await openViewer({ annotations: [myHighlight] });
    await fireEvent.click(screen.getByTestId('annot-tool-highlight'));
    await drag([
      [104, 684],
      [165, 684],
    ]);
    await waitFor(() => expect(marks('highlight')).toHaveLength(2));
    await fireEvent.keyDown(window, { key: 'z', ctrlKey: true });
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    expect(called('delete_annotation')).toEqual([{ meetingId: 'm1', annotationId: 'new-1' }]);

    // Share mine with the meeting, then undo: saved back as private.
    await fireEvent.click(screen.getByTestId('annot-tool-none'));
    await fireEvent.click(marks('highlight')[0]);
    await fireEvent.click(screen.getByTestId('annot-share-meeting'));
    await fireEvent.click(screen.getByTestId('annot-share-save'));
    await waitFor(() => expect(last(called('save_annotation'))?.annotation).toMatchObject({ id: 'h1', audience: { kind: 'meeting' } }));
    await fireEvent.click(screen.getByTestId('annot-undo'));
    await waitFor(() => expect(last(called('save_annotation'))?.annotation).toMatchObject({ id: 'h1', audience: { kind: 'private' } }));
  });
});

describe('sharing', () => {
  it('shows the author of a shared annotation, which cannot be changed or erased', async () => {
    const { called } = await openViewer({ annotations: [myHighlight, binhHighlight] });
    await waitFor(() => expect(marks('highlight')).toHaveLength(2));
    const theirs = marks('highlight').find((m) => m.dataset.annotationId === 'b1') as HTMLElement;
    expect(theirs.dataset.mine).toBe('false');
    expect(theirs.getAttribute('aria-label')).toContain('Của: Phạm Văn Bình');

    await fireEvent.click(theirs);
    const card = screen.getByTestId('annot-card');
    expect(screen.getByTestId('annot-card-author').textContent).toBe('Của: Phạm Văn Bình');
    expect(within(card).getByTestId('annot-card-text').textContent).toBe('Tổng thu');
    expect(within(card).queryByTestId('annot-delete')).toBeNull();
    expect(within(card).queryByTestId('annot-share-save')).toBeNull();

    await fireEvent.click(screen.getByTestId('annot-tool-eraser'));
    await fireEvent.click(theirs.querySelector('.box') as HTMLElement);
    expect(screen.getByTestId('annot-notice').textContent?.trim()).toBe('Chỉ người viết mới được sửa hoặc xóa ghi chú này.');
    expect(called('delete_annotation')).toHaveLength(0);
    expect(marks('highlight')).toHaveLength(2);
  });

  it('shares one of mine with named colleagues from the roster (not with myself)', async () => {
    const { called } = await openViewer({ annotations: [myHighlight] });
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    await fireEvent.click(marks('highlight')[0]);
    const card = screen.getByTestId('annot-card');
    expect((within(card).getByTestId('annot-share-private') as HTMLInputElement).checked).toBe(true);
    expect(within(card).queryByTestId('annot-share-live')).toBeNull();
    await fireEvent.click(within(card).getByLabelText('Một số đại biểu'));
    await waitFor(() => expect(within(card).getAllByTestId('annot-share-person').length).toBeGreaterThan(0));
    const people = within(card).getAllByTestId('annot-share-person').map((p) => p.dataset.userId);
    expect(people).toEqual(['u-chair', 'u-binh', 'u-lan']);
    expect(called('meeting_roster')).toEqual([{ meetingId: 'm1' }]);

    await fireEvent.click(screen.getByTestId('annot-share-save'));
    expect(screen.getByRole('alert').textContent).toBe('Xin chọn ít nhất một đại biểu.');
    await fireEvent.click(within(card).getByLabelText('Phạm Văn Bình'));
    await fireEvent.click(screen.getByTestId('annot-share-save'));
    await waitFor(() => expect(called('save_annotation')).toHaveLength(1));
    expect(called('save_annotation')[0].annotation).toMatchObject({
      id: 'h1',
      audience: { kind: 'people', userIds: ['u-binh'] },
    });
    expect(screen.getByTestId('annot-notice').textContent).toContain('Đã chia sẻ với các đại biểu đã chọn.');

    await fireEvent.click(screen.getByTestId('annot-delete'));
    await waitFor(() => expect(called('delete_annotation')).toEqual([{ meetingId: 'm1', annotationId: 'h1' }]));
    expect(screen.queryByTestId('annot-card')).toBeNull();
  });

  it('lets the chair share a fresh highlight live with the room, showing its page to everyone', async () => {
    const { called } = await openViewer({ profile: chair }, { canPresent: true });
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    await screen.findByTestId('annot-layer-1');
    await fireEvent.click(screen.getByTestId('annot-tool-highlight'));
    await drag(
      [
        [104, 706],
        [185, 706],
      ],
      1,
    );
    const live = await screen.findByTestId('annot-share-live');
    expect(live.textContent?.trim()).toBe('Chia sẻ trực tiếp với cả phòng');
    await fireEvent.click(live);
    await waitFor(() => expect(called('save_annotation')).toHaveLength(2));
    expect(called('save_annotation')[1].annotation).toMatchObject({ id: 'new-1', page: 1, audience: { kind: 'meeting' } });
    await waitFor(() => expect(called('present_page')).toEqual([{ meetingId: 'm1', documentId: 'd1', page: 1 }]));
    expect(screen.queryByTestId('annot-share-live')).toBeNull();
  });

  it('reloads the open document’s annotations when the meeting says they changed', async () => {
    const { called, state } = await openViewer();
    state.annotations.push(binhHighlight);
    await emit('phonghop://meeting', { meetingId: 'm1', signal: { kind: 'annotations.changed' } });
    await waitFor(() => expect(marks('highlight')).toHaveLength(1));
    expect(called('document_annotations')).toHaveLength(2);
    await emit('phonghop://meeting', { meetingId: 'other', signal: { kind: 'annotations.changed' } });
    expect(called('document_annotations')).toHaveLength(2);
  });
});

describe('the panel “Ghi chú của tôi”', () => {
  const moved = annotation({
    id: 'n1',
    page: 2,
    placement: 'moved',
    body: { kind: 'note', at: { x: 100, y: 400 }, text: 'Hỏi Sở Tài chính về nguồn thu' },
  });
  const inkChanged = annotation({
    id: 'i1',
    page: 1,
    placement: 'pageChanged',
    body: { kind: 'ink', strokes: [[{ x: 100, y: 500 }, { x: 200, y: 520 }]], width: 'thin' },
    colour: 'red',
  });
  const inReport = annotation({
    id: 'r1',
    documentId: 'd3',
    documentTitle: 'Báo cáo kinh tế – xã hội năm 2026',
    page: 1,
    body: { kind: 'highlight', start: 0, end: 4, quote: 'GRDP', rects: [{ left: 100, bottom: 600, right: 139, top: 612 }] },
  });
  const lost = annotation({
    id: 'u1',
    placement: 'unplaced',
    page: 4,
    body: { kind: 'highlight', start: 10, end: 30, quote: 'chi thường xuyên tăng 12%', rects: [] },
  });

  it('lists my annotations by document with badges and authors, and jumps to each', async () => {
    const list = [myHighlight, binhHighlight, moved, inkChanged, inReport];
    const { called, indicator } = await openViewer({ annotations: list, unplaced: [lost], meeting: list });
    await fireEvent.click(screen.getByTestId('annot-panel-toggle'));
    expect(pressed('annot-panel-toggle')).toBe('true');
    const panel = await screen.findByTestId('annot-panel');
    await waitFor(() => expect(within(panel).getAllByTestId('annot-panel-item')).toHaveLength(5));
    expect(called('meeting_annotations')).toEqual([{ meetingId: 'm1' }]);
    expect([...panel.querySelectorAll('h3')].map((h) => h.textContent?.trim())).toEqual([
      'Tờ trình về dự toán ngân sách năm 2027',
      'Báo cáo kinh tế – xã hội năm 2026',
      'Chưa đặt lại được vào bản mới',
    ]);
    const items = within(panel).getAllByTestId('annot-panel-item');
    expect(items.map((i) => i.dataset.annotationId)).toEqual(['h1', 'b1', 'i1', 'n1', 'r1']);
    expect(items[0].textContent).toContain('Trang 1');
    expect(items[0].textContent).toContain('Ngân sách');
    expect(within(items[1]).getByTestId('annot-panel-author').textContent).toBe('Của: Phạm Văn Bình');
    expect(within(items[2]).getByTestId('annot-badge-pageChanged').textContent?.trim()).toBe('Trang đã thay đổi');
    expect(within(items[3]).getByTestId('annot-badge-moved').textContent?.trim()).toBe('Đã chuyển sang bản mới');
    expect(items[3].textContent).toContain('Hỏi Sở Tài chính về nguồn thu');

    // Unplaced: listed with the quote, not dropped.
    const unplaced = within(panel).getByTestId('annot-unplaced');
    expect(within(unplaced).getByTestId('annot-unplaced-item').textContent).toContain('chi thường xuyên tăng 12%');
    expect(within(unplaced).getByTestId('annot-unplaced-item').textContent).toContain('Trang 5 của bản trước');

    // Same document: to its page, selected.
    await fireEvent.click(items[3]);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 3 / 3'));
    expect(screen.getByTestId('annot-card').dataset.annotationId).toBe('n1');
    expect(marks('note', 2)).toHaveLength(1);

    // The ink whose page changed is marked on the page too.
    await fireEvent.click(within(panel).getAllByTestId('annot-panel-item')[2]);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 2 / 3'));
    expect(within(layer(1)).getByTestId('annot-page-changed').textContent?.trim()).toBe('Trang đã thay đổi');

    // Another document: opened at the page, the previous one freed.
    await fireEvent.click(within(panel).getAllByTestId('annot-panel-item')[4]);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 2 / 5'));
    expect(last(called('open_document'))).toEqual({ meetingId: 'm1', documentId: 'd3' });
    expect(called('close_document')).toContainEqual({ meetingId: 'm1', documentId: 'd1' });
    await waitFor(() => expect(last(called('document_annotations'))).toEqual({ meetingId: 'm1', documentId: 'd3' }));
    await waitFor(() => expect(marks('highlight', 1).map((m) => m.dataset.annotationId)).toEqual(['r1']));
    expect(screen.getByTestId('annot-card').dataset.annotationId).toBe('r1');
    expect(within(panel).queryByTestId('annot-unplaced')).toBeNull();
  });

  it('says when there is nothing yet', async () => {
    await openViewer();
    await fireEvent.click(screen.getByTestId('annot-panel-toggle'));
    expect((await screen.findByTestId('annot-panel-empty')).textContent).toBe('Chưa có ghi chú nào trong cuộc họp này.');
    await fireEvent.click(screen.getByTestId('annot-panel-close'));
    expect(screen.queryByTestId('annot-panel')).toBeNull();
  });
});

describe('export of the annotated copy', () => {
  it('shows progress, then where the PDF was saved', async () => {
    let finish: (path: string) => void = () => {};
    const { called } = await openViewer({
      handlers: { export_annotated_copy: () => new Promise<string>((resolve) => (finish = resolve)) },
    });
    const button = screen.getByTestId('annot-export');
    expect(button.textContent).toContain('Xuất bản có ghi chú');
    await fireEvent.click(button);
    await waitFor(() => expect(button.textContent).toContain('Đang xuất…'));
    expect(button.getAttribute('aria-busy')).toBe('true');
    expect(screen.getByTestId('annot-export-status').textContent).toContain('Đang xuất…');
    await fireEvent.click(button); // a second press while busy does nothing
    expect(called('export_annotated_copy')).toEqual([{ meetingId: 'm1', documentId: 'd1' }]);
    finish('C:\\Users\\hoa\\Documents\\Tờ trình - bản có ghi chú.pdf');
    const path = await screen.findByTestId('annot-export-path');
    expect(path.textContent).toBe('C:\\Users\\hoa\\Documents\\Tờ trình - bản có ghi chú.pdf');
    expect(screen.getByTestId('annot-export-result').textContent).toContain('Đã lưu bản có ghi chú tại:');
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  it('shows a failure in plain words', async () => {
    await openViewer({ handlers: { export_annotated_copy: () => Promise.reject({ code: 'export.failed', message: 'x' }) } });
    await fireEvent.click(screen.getByTestId('annot-export'));
    const error = await screen.findByTestId('annot-export-error');
    expect(error.textContent).toContain('Không xuất được bản có ghi chú.');
  });
});

describe('notes key', () => {
  it('explains when the notes key has not reached this computer', async () => {
    await openViewer({
      handlers: { document_annotations: () => Promise.reject({ code: 'annotation.key_unavailable', message: 'x' }) },
    });
    const error = await screen.findByTestId('annot-load-error');
    expect(error.textContent).toContain('Khóa ghi chú của bạn chưa về đến máy tính này');
  });
});
