import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { setLocale } from './lib/i18n';
import type { ProfileInfo } from './lib/types';
import { secretary } from './test/fixtures';
import { prepareBackend } from './test/prepare-backend';
import { draft, profileChoices, upcomingMeeting } from './test/prepare-fixtures';
import { member } from './test/room-fixtures';

const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
});

afterEach(() => {
  cleanup();
  clearMocks();
});

describe('choosing a profile', () => {
  it('lists the enrolled profiles when none is chosen, opens the one pressed, and can switch again', async () => {
    let current: ProfileInfo | null = null;
    const { called } = prepareBackend({
      meetings: [upcomingMeeting],
      handlers: {
        profile_info: () => current,
        list_profiles: () => profileChoices.map((p) => ({ ...p, current: current !== null && p.displayName === current.displayName })),
        choose_profile: (args) => {
          current = args.dir === '/data/profiles/thu-ky' ? secretary : member;
          return current;
        },
      },
    });
    render(App);
    const chooser = await screen.findByTestId('profile-chooser');
    expect(text(chooser)).toContain('Ai đang sử dụng máy này?');
    const choices = within(chooser).getAllByTestId('profile-choice');
    expect(choices.map((c) => c.dataset.dir)).toEqual(['/data/profiles/thu-ky', '/data/profiles/dai-bieu']);
    expect(text(choices[0])).toContain('Nguyễn Thị Hồng Nhung');
    expect(text(choices[0])).toContain('Thư ký');
    expect(text(choices[0])).toContain('Văn phòng HĐND tỉnh');
    expect(screen.queryByTestId('no-profile')).toBeNull();
    expect(screen.queryByTestId('profile-chooser-back')).toBeNull();

    await fireEvent.click(choices[1]);
    await screen.findByTestId('meeting-card');
    expect(called('choose_profile')).toEqual([{ dir: '/data/profiles/dai-bieu' }]);
    expect(text(screen.getByTestId('profile'))).toContain('Lê Thị Hoa');
    expect(screen.queryByTestId('nav-prepare')).toBeNull();

    await fireEvent.click(screen.getByTestId('switch-profile'));
    const again = await screen.findByTestId('profile-chooser');
    await waitFor(() => expect(within(again).getAllByTestId('profile-choice')).toHaveLength(2));
    expect(within(again).getAllByTestId('profile-choice')[1].getAttribute('aria-current')).toBe('true');
    await fireEvent.click(within(again).getByTestId('profile-chooser-back'));
    await screen.findByTestId('meeting-card');

    await fireEvent.click(screen.getByTestId('switch-profile'));
    await fireEvent.click((await screen.findAllByTestId('profile-choice'))[0]);
    await waitFor(() => expect(text(screen.getByTestId('profile'))).toContain('Nguyễn Thị Hồng Nhung'));
    expect(screen.getByTestId('nav-prepare')).toBeTruthy();
  });

  it('says why a profile could not be opened', async () => {
    prepareBackend({
      profile: null,
      handlers: {
        list_profiles: () => profileChoices,
        choose_profile: () => Promise.reject({ code: 'profile.not_found', message: 'gone' }),
      },
    });
    render(App);
    await fireEvent.click((await screen.findAllByTestId('profile-choice'))[0]);
    const error = await screen.findByTestId('profile-error');
    expect(text(error)).toBe('Không tìm thấy người dùng này trên máy. Xin chọn lại.');
    expect(screen.getByTestId('profile-chooser')).toBeTruthy();
  });
});

describe('the secretary’s sections', () => {
  it('offers preparing meetings to the secretary only', async () => {
    prepareBackend({ profile: member, meetings: [upcomingMeeting] });
    render(App);
    await screen.findByTestId('meeting-card');
    expect(screen.getByTestId('nav-meetings').getAttribute('aria-current')).toBe('page');
    expect(screen.queryByTestId('nav-prepare')).toBeNull();
    expect(screen.queryByTestId('manage-meeting')).toBeNull();
    expect(screen.getByTestId('rsvp')).toBeTruthy();
  });

  it('goes to “Chuẩn bị cuộc họp” and back', async () => {
    prepareBackend({ drafts: [draft], meetings: [upcomingMeeting] });
    render(App);
    await screen.findByTestId('meeting-card');
    await fireEvent.click(screen.getByTestId('nav-prepare'));
    expect(text(screen.getByRole('heading', { level: 1 }))).toBe('Chuẩn bị cuộc họp');
    expect(screen.getByTestId('nav-prepare').getAttribute('aria-current')).toBe('page');
    await screen.findByTestId('draft-card');
    expect(screen.getByTestId('new-meeting')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('nav-meetings'));
    expect(text(screen.getByRole('heading', { level: 1 }))).toBe('Cuộc họp');
    expect(screen.getByTestId('meeting-card')).toBeTruthy();
  });

  it('manages a published meeting from its card, clones it into the builder, and comes back', async () => {
    const { called } = prepareBackend({ meetings: [upcomingMeeting] });
    render(App);
    const manage = await screen.findByTestId('manage-meeting');
    await fireEvent.click(manage);
    const view = await screen.findByTestId('manage-meeting-view');
    expect(view.dataset.meetingId).toBe(upcomingMeeting.id);
    expect(text(await screen.findByTestId('readiness-summary'))).toBe('2/3 sẵn sàng');
    await fireEvent.click(screen.getByTestId('manage-close'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('manage-meeting')));

    await fireEvent.click(screen.getByTestId('manage-meeting'));
    await fireEvent.click(await screen.findByTestId('clone-meeting'));
    const builder = await screen.findByTestId('draft-builder');
    expect(builder.dataset.draftId).toBe('dr-100');
    expect((screen.getByTestId('meeting-title') as HTMLInputElement).value).toBe('Bản sao: Phiên họp giải trình');
    expect(screen.getAllByTestId('agenda-row')).toHaveLength(1);
    expect(called('clone_meeting')).toEqual([{ meetingId: upcomingMeeting.id }]);
    expect(screen.getByTestId('nav-prepare').getAttribute('aria-current')).toBe('page');
  });

  it('publishes a draft, syncs, and opens the new meeting’s readiness board', async () => {
    const published = { ...upcomingMeeting, id: 'm-published', title: draft.info.title };
    let meetings = [upcomingMeeting];
    const { called } = prepareBackend({
      drafts: [draft],
      handlers: {
        list_meetings: () => meetings,
        publish_draft: () => {
          meetings = [upcomingMeeting, published];
          return 'm-published';
        },
      },
    });
    render(App);
    await screen.findByTestId('meeting-card');
    await fireEvent.click(screen.getByTestId('nav-prepare'));
    await fireEvent.click(await screen.findByTestId('open-draft'));
    await fireEvent.click(await screen.findByTestId('publish-draft'));
    await fireEvent.click(await screen.findByTestId('publish-confirm'));
    await screen.findByTestId('publish-done');
    await waitFor(() => expect(called('sync_now').length).toBeGreaterThanOrEqual(2));
    await fireEvent.click(screen.getByTestId('publish-open-board'));
    const view = await screen.findByTestId('manage-meeting-view');
    expect(view.dataset.meetingId).toBe('m-published');
    await screen.findByTestId('readiness-summary');
    expect(called('meeting_readiness')[0]).toEqual({ meetingId: 'm-published' });
  });

  it('reads the list again after a document is closed, so read badges follow', async () => {
    const { called } = prepareBackend({
      meetings: [upcomingMeeting],
      handlers: {
        open_document: (args) => ({ meetingId: args.meetingId, documentId: args.documentId, title: 'Báo cáo', pages: [], outline: [] }),
        close_document: () => null,
        document_annotations: () => ({ annotations: [], unplaced: [] }),
        meeting_annotations: () => [],
      },
    });
    render(App);
    await screen.findByTestId('meeting-card');
    await waitFor(() => expect(called('list_meetings')).toHaveLength(2));
    await fireEvent.click(screen.getAllByTestId('open-document')[0]);
    await screen.findByTestId('viewer');
    await fireEvent.click(screen.getByTestId('viewer-close'));
    await waitFor(() => expect(called('list_meetings')).toHaveLength(3));
  });
});
