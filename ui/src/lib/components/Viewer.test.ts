import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../i18n';
import type { DocumentLayout, SearchResults } from '../types';
import Viewer from './Viewer.svelte';

const layout: DocumentLayout = {
  meetingId: 'm1',
  documentId: 'd1',
  title: 'Báo cáo tình hình kinh tế - xã hội năm 2026',
  pages: [0, 1, 2].map(() => ({ widthPt: 595, heightPt: 842, label: null })),
  outline: [{ title: 'I. Kết quả', page: 1, children: [] }],
};

const results: SearchResults = {
  query: 'bieu quyet',
  truncated: false,
  hits: [
    {
      documentId: 'd1',
      documentTitle: layout.title,
      page: 2,
      before: 'xem xét, ',
      matched: 'biểu quyết',
      after: ' thông qua',
      rects: [{ x: 0.2, y: 0.5, w: 0.2, h: 0.02 }],
    },
  ],
};

function backend(open: () => unknown = () => layout) {
  const calls: [string, unknown][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    if (cmd === 'open_document') return open();
    if (cmd === 'search_meeting') return results;
    if (cmd === 'close_document') return null;
    return Promise.reject({ code: 'internal', message: cmd });
  });
  return calls;
}

beforeEach(() => {
  localStorage.clear();
  localStorage.setItem('viewer.mode', 'single');
  setLocale('vi');
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('Viewer', () => {
  it('opens the document and shows page 1 of N with its image address', async () => {
    backend();
    render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {} });
    const indicator = await screen.findByTestId('page-indicator');
    await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
    const image = await screen.findByTestId('page-image');
    expect(image.getAttribute('src')).toMatch(/^phpage:\/\/localhost\/m1\/d1\/0\?w=\d+&dpr=/);
    expect(image.getAttribute('data-loaded')).toBe('false');
    await fireEvent.load(image);
    expect(image.getAttribute('data-loaded')).toBe('true');
  });

  it('turns pages with the keyboard (Page Down is checked with real layout in e2e) and refuses a page that does not exist', async () => {
    backend();
    render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {} });
    const indicator = await screen.findByTestId('page-indicator');
    await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(indicator.textContent).toContain('Trang 2 / 3');
    await fireEvent.keyDown(window, { key: 'End' });
    expect(indicator.textContent).toContain('Trang 3 / 3');
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(indicator.textContent).toContain('Trang 3 / 3');
    await fireEvent.keyDown(window, { key: 'Home' });
    expect(indicator.textContent).toContain('Trang 1 / 3');

    await fireEvent.keyDown(window, { key: 'g', ctrlKey: true });
    const goTo = screen.getByTestId('goto-input');
    expect(document.activeElement).toBe(goTo);
    await fireEvent.input(goTo, { target: { value: '9' } });
    await fireEvent.submit(goTo.closest('form') as HTMLFormElement);
    expect(screen.getByRole('alert').textContent).toContain('Không có trang 9');
    await fireEvent.input(goTo, { target: { value: '2' } });
    await fireEvent.submit(goTo.closest('form') as HTMLFormElement);
    expect(indicator.textContent).toContain('Trang 2 / 3');
  });

  it('searches with Ctrl+F and highlights the chosen hit on its page', async () => {
    const calls = backend();
    render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {} });
    await screen.findByTestId('page-image');
    await fireEvent.keyDown(window, { key: 'f', ctrlKey: true });
    const input = await screen.findByTestId('search-input');
    await waitFor(() => expect(document.activeElement).toBe(input));
    await fireEvent.input(input, { target: { value: 'bieu quyet' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    const hit = await screen.findByTestId('search-hit');
    expect(hit.textContent).toContain('Trang 3');
    expect(hit.querySelector('mark')?.textContent).toBe('biểu quyết');
    expect(calls.filter(([cmd]) => cmd === 'search_meeting')[0][1]).toEqual({
      meetingId: 'm1',
      query: 'bieu quyet',
    });
    await fireEvent.click(hit);
    expect(screen.getByTestId('page-indicator').textContent).toContain('Trang 3 / 3');
    const box = await screen.findByTestId('hit-highlight');
    expect(box.classList.contains('active')).toBe(true);
    expect(box.style.left).toBe('20%');
    expect(box.style.top).toBe('50%');
  });

  it('shows a failed open in plain words with its code', async () => {
    backend(() => Promise.reject({ code: 'document.not_downloaded', message: 'x' }));
    render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {} });
    const error = await screen.findByTestId('viewer-error');
    expect(error.textContent).toContain('Tài liệu chưa tải về máy');
    expect(error.textContent).toContain('document.not_downloaded');
  });

  it('closes on Escape and tells the backend to free the document', async () => {
    const calls = backend();
    const onClose = vi.fn();
    const { unmount } = render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose });
    await screen.findByTestId('page-image');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
    unmount();
    await waitFor(() =>
      expect(calls).toContainEqual(['close_document', { meetingId: 'm1', documentId: 'd1' }]),
    );
  });
});

describe('Viewer in a meeting: following the presenter', () => {
  const report: DocumentLayout = {
    meetingId: 'm1',
    documentId: 'd3',
    title: 'Báo cáo kinh tế – xã hội năm 2026',
    pages: [0, 1, 2, 3, 4].map(() => ({ widthPt: 595, heightPt: 842, label: null })),
    outline: [],
  };

  /** A backend with two documents and live events. */
  function meetingBackend() {
    const calls: [string, unknown][] = [];
    mockIPC(
      (cmd, args) => {
        calls.push([cmd, args]);
        if (cmd === 'open_document') return (args as { documentId: string }).documentId === 'd3' ? report : layout;
        if (cmd === 'close_document' || cmd === 'present_page') return null;
        return Promise.reject({ code: 'internal', message: cmd });
      },
      { shouldMockEvents: true },
    );
    return calls;
  }

  const presenterAt = (documentId: string, page: number, meetingId = 'm1') =>
    emit('phonghop://meeting', { meetingId, signal: { kind: 'presenterPage', documentId, page } });

  it('goes where the presenter goes, stops when browsing freely, and comes back on request', async () => {
    const calls = meetingBackend();
    render(Viewer, { meetingId: 'm1', documentId: 'd1', onClose: () => {} });
    const indicator = await screen.findByTestId('page-indicator');
    await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
    expect(screen.queryByTestId('presenter-bar')).toBeNull();

    await presenterAt('d1', 2);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 3 / 3'));
    expect(screen.getByTestId('follow-state').textContent?.trim()).toBe('Đang xem theo người trình bày.');

    await presenterAt('d1', 0, 'another-meeting');
    expect(indicator.textContent).toContain('Trang 3 / 3');

    // Another document: opened at the presenter's page, the previous one freed.
    await presenterAt('d3', 1);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 2 / 5'));
    expect(calls).toContainEqual(['close_document', { meetingId: 'm1', documentId: 'd1' }]);

    await fireEvent.click(screen.getByTestId('browse-freely'));
    expect(screen.getByTestId('browse-freely').getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByTestId('follow-state').textContent?.trim()).toBe(
      'Bạn đang tự xem, không theo người trình bày.',
    );
    await fireEvent.keyDown(window, { key: 'Home' });
    await presenterAt('d3', 4);
    await Promise.resolve();
    expect(indicator.textContent).toContain('Trang 1 / 5');

    await fireEvent.click(screen.getByTestId('return-to-presenter'));
    await waitFor(() => expect(indicator.textContent).toContain('Trang 5 / 5'));
    expect(screen.queryByTestId('return-to-presenter')).toBeNull();
    await presenterAt('d3', 3);
    await waitFor(() => expect(indicator.textContent).toContain('Trang 4 / 5'));
  });

  it('opens at the page it is given', async () => {
    meetingBackend();
    render(Viewer, { meetingId: 'm1', documentId: 'd3', page: 3, presenter: { documentId: 'd3', page: 3 }, onClose: () => {} });
    const indicator = await screen.findByTestId('page-indicator');
    await waitFor(() => expect(indicator.textContent).toContain('Trang 4 / 5'));
    expect(screen.getByTestId('follow-state')).toBeTruthy();
  });

  it('lets the chair show the current page to everyone, without being moved back by the echo', async () => {
    const calls = meetingBackend();
    render(Viewer, { meetingId: 'm1', documentId: 'd1', canPresent: true, onClose: () => {} });
    const indicator = await screen.findByTestId('page-indicator');
    await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    const button = screen.getByTestId('present-page');
    expect(button.textContent?.trim()).toBe('Trình chiếu trang này cho mọi người');
    await fireEvent.click(button);
    await waitFor(() =>
      expect(screen.getByTestId('present-note').textContent).toBe('Mọi người đang được đưa đến trang 2.'),
    );
    expect(calls).toContainEqual(['present_page', { meetingId: 'm1', documentId: 'd1', page: 1 }]);

    await fireEvent.keyDown(window, { key: 'ArrowRight' });
    expect(indicator.textContent).toContain('Trang 3 / 3');
    await presenterAt('d1', 1); // the server relays the page back to its presenter
    await Promise.resolve();
    expect(indicator.textContent).toContain('Trang 3 / 3');
    await presenterAt('d1', 0); // someone else presents: followed
    await waitFor(() => expect(indicator.textContent).toContain('Trang 1 / 3'));
  });
});
