import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  attachDocument,
  attachDocumentPath,
  cancelMeeting,
  chooseProfile,
  cloneMeeting,
  createDraft,
  directoryPeople,
  discardDraft,
  ERROR_CODES,
  getDraft,
  listDrafts,
  listProfiles,
  meetingReadiness,
  postponeMeeting,
  PREPARE_COMMANDS,
  stopWatchingFolder,
  watchDraftFolder,
  watchedFolder,
  publishDraft,
  reviseDocument,
  saveDraft,
  sendRsvp,
} from '../ipc';
import { draft } from '../../test/prepare-fixtures';

afterEach(() => clearMocks());

describe('preparing commands', () => {
  it('send their arguments in camelCase under the agreed names', async () => {
    const seen: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      seen.push([cmd, args]);
      return null;
    });
    await directoryPeople();
    await listDrafts();
    await getDraft('dr-1');
    await createDraft(draft.info, ['u1']);
    await saveDraft(draft);
    await discardDraft('dr-1');
    await attachDocument('dr-1', 2, 'Tờ trình', 'proposal', { kind: 'named', userIds: ['u1'] }, 'JVBERi0=');
    await attachDocumentPath('dr-1', 0, '/tmp/a.docx', 'report', { kind: 'everyone' });
    await publishDraft('dr-1');
    await cloneMeeting('m');
    await reviseDocument('m', 'd', 'JVBERi0=');
    await postponeMeeting('m', '2027-01-25T08:00:00+07:00', null, 'Trùng lịch');
    await cancelMeeting('m', null);
    await meetingReadiness('m');
    await sendRsvp('m', 'absent', 'Ốm');
    await listProfiles();
    await chooseProfile('/data/p');
    await watchDraftFolder('dr-1', '/srv/tai-lieu');
    await stopWatchingFolder('dr-1');
    await watchedFolder('dr-1');
    expect(seen).toEqual([
      ['directory_people', {}],
      ['list_drafts', {}],
      ['get_draft', { draftId: 'dr-1' }],
      ['create_draft', { info: draft.info, participants: ['u1'] }],
      ['save_draft', { draft }],
      ['discard_draft', { draftId: 'dr-1' }],
      [
        'attach_document',
        { draftId: 'dr-1', item: 2, title: 'Tờ trình', kind: 'proposal', access: { kind: 'named', userIds: ['u1'] }, bytesBase64: 'JVBERi0=' },
      ],
      ['attach_document_path', { draftId: 'dr-1', item: 0, path: '/tmp/a.docx', kind: 'report', access: { kind: 'everyone' } }],
      ['publish_draft', { draftId: 'dr-1' }],
      ['clone_meeting', { meetingId: 'm' }],
      ['revise_document', { meetingId: 'm', documentId: 'd', bytesBase64: 'JVBERi0=' }],
      ['postpone_meeting', { meetingId: 'm', startsAt: '2027-01-25T08:00:00+07:00', endsAt: null, reason: 'Trùng lịch' }],
      ['cancel_meeting', { meetingId: 'm', reason: null }],
      ['meeting_readiness', { meetingId: 'm' }],
      ['rsvp', { meetingId: 'm', answer: 'absent', reason: 'Ốm' }],
      ['list_profiles', {}],
      ['choose_profile', { dir: '/data/p' }],
      ['watch_draft_folder', { draftId: 'dr-1', folder: '/srv/tai-lieu' }],
      ['stop_watching_folder', { draftId: 'dr-1' }],
      ['watched_folder', { draftId: 'dr-1' }],
    ]);
    expect(new Set(seen.map(([cmd]) => cmd))).toEqual(new Set(Object.values(PREPARE_COMMANDS)));
  });

  it('know the new error codes', () => {
    for (const code of [
      'draft.not_found',
      'draft.empty_title',
      'draft.no_participants',
      'draft.bad_time',
      'document.unsupported_type',
      'meeting.cancelled',
      'rsvp.reason_required',
      'profile.not_found',
    ]) {
      expect(ERROR_CODES).toContain(code);
    }
  });
});
