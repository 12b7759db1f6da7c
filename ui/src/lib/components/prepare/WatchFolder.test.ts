import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import { DraftEditor } from '../../prepare/draft-editor.svelte';
import type { DraftView } from '../../prepare/types';
import { draft } from '../../../test/prepare-fixtures';
import WatchFolder from './WatchFolder.svelte';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('the watch folder', () => {
  it('starts on a folder, shows each change and takes the new documents into the agenda', async () => {
    const calls: [string, Record<string, unknown>][] = [];
    let onDisk: DraftView = structuredClone(draft);
    mockIPC(
      (cmd, args) => {
        calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
        switch (cmd) {
          case 'watched_folder':
            return null;
          case 'watch_draft_folder':
            return '/srv/tai-lieu';
          case 'get_draft':
            return onDisk;
          case 'stop_watching_folder':
            return null;
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    const editor = new DraftEditor(structuredClone(draft), { autosaveMs: 60_000 });
    render(WatchFolder, { editor });
    const field = await screen.findByTestId('watch-folder-path');
    await fireEvent.input(field, { target: { value: '/srv/tai-lieu' } });
    await fireEvent.click(screen.getByTestId('watch-folder-start'));
    expect((await screen.findByTestId('watch-folder-status')).textContent).toContain('Đang theo dõi: /srv/tai-lieu');
    expect(calls.find(([cmd]) => cmd === 'watch_draft_folder')?.[1]).toEqual({
      draftId: draft.id,
      folder: '/srv/tai-lieu',
    });

    // The folder added a file: the draft is read again and the change is said.
    onDisk = {
      ...onDisk,
      items: [
        ...onDisk.items,
        {
          title: 'Tài liệu',
          presenter: null,
          presentingAgency: null,
          durationMinutes: null,
          depth: 0,
          documents: [
            { id: 'd-new', title: 'Bao cao quy IV', kind: 'report', access: { kind: 'participants' }, sizeBytes: 1000 },
          ],
        },
      ],
    };
    await emit('phonghop://draft-folder', {
      draftId: draft.id,
      change: { change: 'added', name: 'Bao cao quy IV.pdf', documentId: 'd-new' },
      error: null,
    });
    expect((await screen.findByTestId('watch-folder-change')).textContent).toBe('Đã thêm: Bao cao quy IV.pdf');
    await waitFor(() =>
      expect(editor.rows[editor.rows.length - 1]?.documents.map((doc: { id: string }) => doc.id)).toEqual(['d-new']),
    );

    // Another draft's change is not ours.
    await emit('phonghop://draft-folder', {
      draftId: 'another',
      change: { change: 'removed', name: 'x.pdf', documentId: 'x' },
      error: null,
    });
    expect(screen.getByTestId('watch-folder-change').textContent).toBe('Đã thêm: Bao cao quy IV.pdf');

    await fireEvent.click(screen.getByTestId('watch-folder-stop'));
    expect((await screen.findByTestId('watch-folder-change')).textContent).toBe('Đã ngừng theo dõi.');
    expect(screen.getByTestId('watch-folder-path')).toBeTruthy();
  });

  it('says when the folder is not on this computer', async () => {
    mockIPC((cmd) => {
      if (cmd === 'watch_draft_folder') {
        return Promise.reject({ code: 'draft.folder_missing', message: 'no such folder' });
      }
      return null;
    });
    const editor = new DraftEditor(structuredClone(draft), { autosaveMs: 60_000 });
    render(WatchFolder, { editor });
    await fireEvent.input(await screen.findByTestId('watch-folder-path'), { target: { value: '/khong/co' } });
    await fireEvent.click(screen.getByTestId('watch-folder-start'));
    expect((await screen.findByTestId('watch-folder-error')).textContent).toContain('Không thấy thư mục này');
  });
});
