import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setLocale } from '../../i18n';
import type { DraftView } from '../../prepare/types';
import { draft } from '../../../test/prepare-fixtures';
import { pdfFile, prepareBackend, type Args } from '../../../test/prepare-backend';
import PrepareScreen from './PrepareScreen.svelte';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

afterEach(() => {
  cleanup();
  clearMocks();
});

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function type(testid: string, value: string, within_: HTMLElement = document.body) {
  await fireEvent.input(within(within_).getByTestId(testid), { target: { value } });
}

function rows() {
  return screen.queryAllByTestId('agenda-row');
}

function numbers() {
  return rows().map((row) => text(within(row).getByTestId('agenda-number')));
}

function titles() {
  return rows().map((row) => (within(row).getByTestId('agenda-title') as HTMLInputElement).value);
}

/** Opens the sample draft in the builder. */
async function openDraft(options: Parameters<typeof prepareBackend>[0] = {}, autosaveMs = 5_000) {
  const backend = prepareBackend({ drafts: [draft], ...options });
  const onPublished = vi.fn();
  const onManage = vi.fn();
  render(PrepareScreen, { autosaveMs, onPublished, onManage });
  const card = await screen.findByTestId('draft-card');
  expect(card.dataset.draftId).toBe('dr-1');
  await fireEvent.click(within(card).getByTestId('open-draft'));
  await screen.findByTestId('draft-builder');
  await waitFor(() => expect(screen.getAllByTestId('participant-option').length).toBe(4));
  return { ...backend, onPublished, onManage };
}

describe('creating a meeting', () => {
  it('lists drafts and refuses a form without title, or ending before it starts', async () => {
    const { names } = prepareBackend({ drafts: [draft] });
    render(PrepareScreen);
    const card = await screen.findByTestId('draft-card');
    expect(text(card)).toContain('Phiên họp thường kỳ tháng 12');
    expect(text(card)).toContain('Thứ Ba, 08/12/2026, 08:00');
    expect(text(card)).toContain('2 nội dung · 1 tài liệu');

    await fireEvent.click(screen.getByTestId('new-meeting'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('meeting-title')));
    await fireEvent.click(screen.getByTestId('create-draft'));
    const error = await screen.findByTestId('draft-error');
    expect(text(error)).toContain('Xin nhập tên cuộc họp.');
    expect(text(error)).toContain('Xin chọn ngày giờ bắt đầu.');
    expect(screen.getByTestId('meeting-title').getAttribute('aria-invalid')).toBe('true');

    await type('meeting-title', 'Kỳ họp thứ Mười sáu');
    await type('meeting-starts', '2026-12-08T08:00');
    await type('meeting-ends', '2026-12-08T07:30');
    await fireEvent.click(screen.getByTestId('create-draft'));
    await waitFor(() => expect(text(screen.getByTestId('draft-error'))).toContain('Giờ kết thúc phải sau giờ bắt đầu.'));
    expect(text(screen.getByTestId('draft-error'))).not.toContain('Xin nhập tên');
    expect(names()).not.toContain('create_draft');
  });

  it('creates a draft in Vietnam time with the people chosen, guests apart, and opens the builder', async () => {
    const { called } = prepareBackend();
    render(PrepareScreen);
    await fireEvent.click(await screen.findByTestId('new-meeting'));
    await waitFor(() => expect(screen.getAllByTestId('participant-option')).toHaveLength(4));
    const guests = screen.getByTestId('guest-options');
    expect(within(guests).getAllByTestId('participant-option').map((o) => o.dataset.userId)).toEqual(['u-guest']);

    await type('meeting-title', 'Kỳ họp thứ Mười sáu, HĐND tỉnh khóa X');
    await type('meeting-body', 'Hội đồng nhân dân tỉnh');
    await fireEvent.change(screen.getByTestId('meeting-kind'), { target: { value: 'session' } });
    await type('meeting-starts', '2026-12-08T08:00');
    // A picker may only fire "change".
    await fireEvent.change(screen.getByTestId('meeting-ends'), { target: { value: '2026-12-10T17:00' } });
    await type('meeting-place', 'Hội trường tỉnh');
    await type('meeting-online-link', 'https://hop.example.gov.vn/ky-16');
    await fireEvent.click(screen.getByTestId('select-all-members'));
    await fireEvent.click(within(guests).getByTestId('participant-option'));
    expect(text(screen.getByTestId('participants-count'))).toBe('Đã chọn 4 người.');
    await fireEvent.click(screen.getByTestId('create-draft'));

    const builder = await screen.findByTestId('draft-builder');
    expect(builder.dataset.draftId).toBe('dr-100');
    expect(called('create_draft')).toEqual([
      {
        info: {
          title: 'Kỳ họp thứ Mười sáu, HĐND tỉnh khóa X',
          body: 'Hội đồng nhân dân tỉnh',
          kind: 'session',
          startsAt: '2026-12-08T08:00:00+07:00',
          endsAt: '2026-12-10T17:00:00+07:00',
          place: 'Hội trường tỉnh',
          onlineLink: 'https://hop.example.gov.vn/ky-16',
        },
        participants: ['u-chair', 'u-hoa', 'u-binh', 'u-guest'],
      },
    ]);
    expect((screen.getByTestId('meeting-starts') as HTMLInputElement).value).toBe('2026-12-08T08:00');
    expect(screen.getByTestId('agenda-empty')).toBeTruthy();
  });

  it('asks before throwing away what was typed', async () => {
    prepareBackend();
    render(PrepareScreen);
    await fireEvent.click(await screen.findByTestId('new-meeting'));
    await type('meeting-title', 'Nháp');
    await fireEvent.click(screen.getByTestId('cancel-new'));
    expect(screen.getByTestId('new-meeting-form')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('cancel-new-confirm'));
    await screen.findByTestId('new-meeting');
    expect(screen.queryByTestId('new-meeting-form')).toBeNull();
  });
});

describe('the agenda builder', () => {
  it('numbers items 1, 1.1, 1.2, 2 and nests and reorders them by buttons', async () => {
    const { called } = await openDraft();
    expect(numbers()).toEqual(['1', '2']);
    await fireEvent.click(screen.getByTestId('agenda-add-item'));
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(document.activeElement).toBe(within(rows()[2]).getByTestId('agenda-title'));
    await type('agenda-title', 'Các vấn đề khác', rows()[2]);
    await type('agenda-presenter', 'Phó Chủ tịch', rows()[2]);
    await type('agenda-agency', 'UBND tỉnh', rows()[2]);
    await type('agenda-duration', '20', rows()[2]);

    // "2" goes under "1", then "3" too: 1, 1.1, 1.2.
    await fireEvent.click(within(rows()[1]).getByTestId('agenda-indent'));
    expect(numbers()).toEqual(['1', '1.1', '2']);
    await fireEvent.click(within(rows()[2]).getByTestId('agenda-indent'));
    expect(numbers()).toEqual(['1', '1.1', '1.2']);
    // The first item cannot be indented.
    expect(within(rows()[0]).getByTestId('agenda-indent').getAttribute('aria-disabled')).toBe('true');

    // Sub-item 1.2 goes up, swapping with 1.1.
    await fireEvent.click(within(rows()[2]).getByTestId('agenda-up'));
    expect(titles()).toEqual(['Báo cáo công tác tháng 11', 'Các vấn đề khác', 'Chương trình công tác tháng 12']);
    await fireEvent.click(within(rows()[2]).getByTestId('agenda-outdent'));
    expect(numbers()).toEqual(['1', '1.1', '2']);

    await fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(called('save_draft')).toHaveLength(1));
    const saved = called('save_draft')[0].draft as DraftView;
    expect(saved.items.map((i) => [i.title, i.depth])).toEqual([
      ['Báo cáo công tác tháng 11', 0],
      ['Các vấn đề khác', 1],
      ['Chương trình công tác tháng 12', 0],
    ]);
    expect(saved.items[1]).toMatchObject({ presenter: 'Phó Chủ tịch', presentingAgency: 'UBND tỉnh', durationMinutes: 20 });
    expect(saved.items[0].documents.map((d) => d.id)).toEqual(['doc-1']);
    await waitFor(() => expect(text(screen.getByTestId('draft-saved'))).toMatch(/^Đã lưu lúc \d\d:\d\d$/));
  });

  it('moves and nests by Alt + arrow keys, keeping the focus in the row', async () => {
    await openDraft();
    await fireEvent.click(screen.getByTestId('agenda-add-item'));
    await type('agenda-title', 'Ba', rows()[2]);
    const third = within(rows()[2]).getByTestId('agenda-title');
    third.focus();

    await fireEvent.keyDown(third, { key: 'ArrowUp', altKey: true });
    expect(titles()).toEqual(['Báo cáo công tác tháng 11', 'Ba', 'Chương trình công tác tháng 12']);
    await waitFor(() => expect(document.activeElement).toBe(third));

    await fireEvent.keyDown(third, { key: 'ArrowRight', altKey: true });
    expect(numbers()).toEqual(['1', '1.1', '2']);
    await fireEvent.keyDown(third, { key: 'ArrowDown', altKey: true });
    // Below the next main item, the sub-item becomes its first sub-item.
    expect(titles()).toEqual(['Báo cáo công tác tháng 11', 'Chương trình công tác tháng 12', 'Ba']);
    expect(numbers()).toEqual(['1', '2', '2.1']);
    await fireEvent.keyDown(third, { key: 'ArrowLeft', altKey: true });
    expect(numbers()).toEqual(['1', '2', '3']);

    // Main item 1 goes down past 2.
    const first = within(rows()[0]).getByTestId('agenda-title');
    await fireEvent.keyDown(first, { key: 'ArrowDown', altKey: true });
    expect(titles()).toEqual(['Chương trình công tác tháng 12', 'Báo cáo công tác tháng 11', 'Ba']);
    expect(text(screen.getByTestId('agenda-announce'))).toBe('Nội dung “Báo cáo công tác tháng 11” giờ là mục 2.');
    // Without Alt the arrows do nothing special.
    await fireEvent.keyDown(first, { key: 'ArrowUp' });
    expect(titles()[1]).toBe('Báo cáo công tác tháng 11');
  });

  it('reorders by dragging the handle', async () => {
    await openDraft();
    await fireEvent.click(screen.getByTestId('agenda-add-item'));
    await type('agenda-title', 'Ba', rows()[2]);
    const handle = within(rows()[2]).getByTestId('agenda-drag');
    expect(handle.getAttribute('draggable')).toBe('true');
    await fireEvent.dragStart(handle);
    await fireEvent.dragOver(rows()[0]);
    expect(rows()[0].classList.contains('drop-here')).toBe(true);
    await fireEvent.drop(rows()[0]);
    expect(titles()).toEqual(['Ba', 'Báo cáo công tác tháng 11', 'Chương trình công tác tháng 12']);
    expect(numbers()).toEqual(['1', '2', '3']);

    // On the handle, the arrow keys alone move the item too.
    const moved = within(rows()[0]).getByTestId('agenda-drag');
    moved.focus();
    await fireEvent.keyDown(moved, { key: 'ArrowDown' });
    expect(titles()).toEqual(['Báo cáo công tác tháng 11', 'Ba', 'Chương trình công tác tháng 12']);
    await waitFor(() => expect(document.activeElement).toBe(moved));
  });

  it('asks before removing an item that has documents, not one without', async () => {
    const { called } = await openDraft();
    await fireEvent.click(within(rows()[1]).getByTestId('agenda-remove'));
    expect(titles()).toEqual(['Báo cáo công tác tháng 11']);

    await fireEvent.click(within(rows()[0]).getByTestId('agenda-remove'));
    expect(text(rows()[0])).toContain('Xóa nội dung 1 “Báo cáo công tác tháng 11” cùng 1 tài liệu đính kèm?');
    await fireEvent.click(within(rows()[0]).getByTestId('agenda-remove-cancel'));
    expect(rows()).toHaveLength(1);
    await fireEvent.click(within(rows()[0]).getByTestId('agenda-remove'));
    await fireEvent.click(within(rows()[0]).getByTestId('agenda-remove-confirm'));
    await waitFor(() => expect(rows()).toHaveLength(0));
    expect(document.activeElement).toBe(screen.getByTestId('agenda-add-item'));

    await fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(called('save_draft')).toHaveLength(1));
    expect((called('save_draft')[0].draft as DraftView).items).toEqual([]);
  });

  it('saves by itself a moment after an edit', async () => {
    const { called } = await openDraft({}, 30);
    await type('meeting-place', 'Hội trường B');
    expect(text(screen.getByTestId('draft-saved'))).toContain('sẽ tự lưu');
    await waitFor(() => expect(called('save_draft')).toHaveLength(1));
    expect((called('save_draft')[0].draft as DraftView).info.place).toBe('Hội trường B');
    await waitFor(() => expect(text(screen.getByTestId('draft-saved'))).toMatch(/^Đã lưu lúc/));
  });
});

describe('attaching documents', () => {
  it('reads the chosen file, attaches it with its kind and named access, and shows progress meanwhile', async () => {
    let finish: (view: unknown) => void = () => {};
    const pending: Args[] = [];
    const backend = await openDraft({
      handlers: {
        attach_document: (args) => {
          pending.push(args);
          return new Promise((resolve) => (finish = resolve));
        },
      },
    });
    const row = rows()[1];
    await fireEvent.change(within(row).getByTestId('attach-kind'), { target: { value: 'draft_resolution' } });
    await fireEvent.change(within(row).getByTestId('attach-access'), { target: { value: 'named' } });
    const named = within(row).getAllByTestId('attach-named-option');
    // Only the draft's participants can be named.
    expect(named.map((o) => o.dataset.userId)).toEqual(['u-chair', 'u-hoa']);
    await fireEvent.click(named[1]);

    const input = within(row).getByTestId('attach-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    expect(input.accept).toBe('.pdf,.docx,.odt,.jpg,.jpeg,.png');
    Object.defineProperty(input, 'files', { value: [pdfFile('Dự thảo nghị quyết.pdf', '%PDF-1')], configurable: true });
    await fireEvent.change(input);

    const progress = await within(row).findByTestId('attach-progress');
    await waitFor(() => expect(text(progress)).toContain('Đang chuyển đổi và lưu “Dự thảo nghị quyết.pdf”'));
    expect(pending).toEqual([
      {
        draftId: 'dr-1',
        item: 1,
        title: 'Dự thảo nghị quyết',
        kind: 'draft_resolution',
        access: { kind: 'named', userIds: ['u-hoa'] },
        bytesBase64: btoa('%PDF-1'),
      },
    ]);
    const view = structuredClone(backend.state.drafts.get('dr-1')!);
    view.items[1].documents.push({
      id: 'doc-9',
      title: 'Dự thảo nghị quyết',
      kind: 'draft_resolution',
      access: { kind: 'named', userIds: ['u-hoa'] },
      sizeBytes: 1_258_291,
    });
    finish(view);

    const doc = await within(row).findByTestId('draft-document');
    expect(doc.dataset.documentId).toBe('doc-9');
    expect(text(within(doc).getByTestId('draft-document-facts'))).toBe('Dự thảo nghị quyết · Chỉ 1 người được chọn · 1,2 MB');
    expect(within(row).queryByTestId('attach-progress')).toBeNull();

    // Its kind and access can be changed; removing it drops it at the next save.
    await fireEvent.change(within(doc).getByTestId('draft-document-kind'), { target: { value: 'proposal' } });
    await fireEvent.change(within(doc).getByTestId('draft-document-access'), { target: { value: 'everyone' } });
    expect(text(within(doc).getByTestId('draft-document-facts'))).toContain('Tờ trình · Mọi người, kể cả khách mời');
    await fireEvent.click(screen.getByTestId('save-draft'));
    await waitFor(() => expect(backend.called('save_draft')).toHaveLength(1));
    expect((backend.called('save_draft')[0].draft as DraftView).items[1].documents).toEqual([
      { id: 'doc-9', title: 'Dự thảo nghị quyết', kind: 'proposal', access: { kind: 'everyone' }, sizeBytes: 1_258_291 },
    ]);
    await fireEvent.click(within(doc).getByTestId('draft-document-remove'));
    expect(within(row).queryByTestId('draft-document')).toBeNull();
  });

  it('saves a pending reorder before attaching, so the item index is the backend’s', async () => {
    const backend = await openDraft();
    await fireEvent.click(within(rows()[1]).getByTestId('agenda-up'));
    const row = rows()[0]; // "Chương trình công tác tháng 12", now first
    const input = within(row).getByTestId('attach-input');
    Object.defineProperty(input, 'files', { value: [pdfFile('Chương trình.pdf')], configurable: true });
    await fireEvent.change(input);
    await within(row).findByTestId('draft-document');
    expect(backend.names().filter((c) => c === 'save_draft' || c === 'attach_document')).toEqual(['save_draft', 'attach_document']);
    expect(backend.called('attach_document')[0]).toMatchObject({ item: 0, title: 'Chương trình', kind: 'proposal', access: { kind: 'participants' } });
    expect(backend.state.drafts.get('dr-1')!.items[0].documents.map((d) => d.title)).toEqual(['Chương trình']);
  });

  it('refuses a file type the backend cannot use, in words', async () => {
    const backend = await openDraft();
    const input = within(rows()[0]).getByTestId('attach-input');
    Object.defineProperty(input, 'files', { value: [new File(['x'], 'Bảng tính.xlsx')], configurable: true });
    await fireEvent.change(input);
    const error = await within(rows()[0]).findByTestId('attach-error');
    expect(text(error)).toContain('Không đính kèm được “Bảng tính.xlsx”: Loại tệp này chưa dùng được.');
    expect(backend.names()).not.toContain('attach_document');
  });
});

describe('publishing', () => {
  it('confirms who will receive it, then publishes and says so', async () => {
    const { called, names, onPublished, onManage } = await openDraft();
    // Add the guest, so the confirmation counts them apart.
    await fireEvent.click(screen.getAllByTestId('participant-option').find((o) => o.dataset.userId === 'u-guest')!);
    await fireEvent.click(screen.getByTestId('publish-draft'));
    const dialog = await screen.findByTestId('confirm-publish');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(text(within(dialog).getByTestId('publish-summary'))).toBe(
      '“Phiên họp thường kỳ tháng 12” sẽ được gửi tới 3 người tham dự, kèm 1 tài liệu.',
    );
    expect(text(dialog)).toContain('Gồm 2 đại biểu, cán bộ và 1 khách mời.');
    expect(text(within(dialog).getByTestId('publish-recipients'))).toContain('Võ Thanh Tâm (Khách mời)');
    // The pending edit was saved before asking.
    expect(called('save_draft')).toHaveLength(1);
    expect((called('save_draft')[0].draft as DraftView).participants).toEqual(['u-chair', 'u-hoa', 'u-guest']);
    expect(document.activeElement).toBe(within(dialog).getByTestId('publish-cancel'));

    await fireEvent.click(within(dialog).getByTestId('publish-cancel'));
    expect(screen.queryByTestId('confirm-publish')).toBeNull();
    expect(names()).not.toContain('publish_draft');

    await fireEvent.click(screen.getByTestId('publish-draft'));
    await fireEvent.click(await screen.findByTestId('publish-confirm'));
    const done = await screen.findByTestId('publish-done');
    expect(text(done)).toBe('Đã phát hành “Phiên họp thường kỳ tháng 12”. Tài liệu đang được gửi tới 3 người tham dự.');
    expect(called('publish_draft')).toEqual([{ draftId: 'dr-1' }]);
    expect(onPublished).toHaveBeenCalledWith('m-published');
    await waitFor(() => expect(screen.getByTestId('drafts-empty')).toBeTruthy());
    await fireEvent.click(screen.getByTestId('publish-open-board'));
    expect(onManage).toHaveBeenCalledWith('m-published');
  });

  it('does not ask to publish without participants', async () => {
    const { names } = await openDraft({ drafts: [{ ...draft, participants: [] }] });
    await fireEvent.click(screen.getByTestId('publish-draft'));
    const error = await screen.findByTestId('draft-error');
    expect(text(error)).toContain('Xin chọn ít nhất một người tham dự.');
    expect(screen.queryByTestId('confirm-publish')).toBeNull();
    expect(names()).not.toContain('publish_draft');
  });

  it('shows a refusal of the backend in the dialog', async () => {
    await openDraft({ handlers: { publish_draft: () => Promise.reject({ code: 'draft.bad_time', message: 'x' }) } });
    await fireEvent.click(screen.getByTestId('publish-draft'));
    await fireEvent.click(await screen.findByTestId('publish-confirm'));
    const error = await screen.findByTestId('publish-error');
    expect(text(error)).toContain('Thời gian chưa hợp lệ');
    expect(screen.getByTestId('confirm-publish')).toBeTruthy();
  });

  it('discards a draft only after confirming', async () => {
    const { called } = await openDraft();
    await fireEvent.click(screen.getByTestId('discard-draft'));
    expect(text(screen.getByTestId('draft-builder'))).toContain('Bỏ hẳn bản soạn “Phiên họp thường kỳ tháng 12”');
    await fireEvent.click(screen.getByTestId('discard-draft-confirm'));
    await screen.findByTestId('discard-done');
    expect(called('discard_draft')).toEqual([{ draftId: 'dr-1' }]);
    expect(screen.queryByTestId('draft-builder')).toBeNull();
  });
});
