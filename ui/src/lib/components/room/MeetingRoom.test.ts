import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import { forgetMinutesDrafts } from '../../room/room-state.svelte';
import type { MinutesDraft } from '../../room-types';
import { sessionMeeting } from '../../../test/fixtures';
import { backend, loaded, renderRoom, text } from '../../../test/room-backend';
import {
  chair,
  closedMotion,
  conduct,
  guest,
  member,
  openConfidence,
  openElection,
  openMotion,
  roster,
} from '../../../test/room-fixtures';

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
  forgetMinutesDrafts();
});
afterEach(() => {
  cleanup();
  clearMocks();
});

describe('MeetingRoom: header and conduct', () => {
  it('shows the title, the phase in words and the item under discussion', async () => {
    const { called } = backend();
    renderRoom(member);
    await loaded();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(sessionMeeting.title);
    expect(text('phase')).toBe('Đang họp');
    expect(text('current-item')).toBe('Đang thảo luận: nội dung 1. Dự toán ngân sách địa phương năm 2027');
    expect(screen.getAllByTestId('agenda-item')[0].getAttribute('aria-current')).toBe('step');
    // A member does not run the meeting.
    expect(screen.queryByTestId('conduct-bar')).toBeNull();
    expect(screen.queryByTestId('open-item-2')).toBeNull();
    expect(called('meeting_roster')).toEqual([{ meetingId: sessionMeeting.id }]);
    expect(called('conduct_state')).toEqual([{ meetingId: sessionMeeting.id }]);
    expect(called('meeting_votes')).toEqual([{ meetingId: sessionMeeting.id }]);
  });

  it('lets the chair start the meeting and open an item', async () => {
    const { called } = backend({
      conduct: { ...conduct, phase: 'not_started', currentItem: null, speaking: null, waiting: [] },
      handlers: {
        conduct_action: (args) => {
          const action = args.action as { kind: string; item?: string };
          return {
            ...conduct,
            phase: 'in_progress',
            currentItem: action.kind === 'open_item' ? action.item : null,
          };
        },
      },
    });
    renderRoom(chair);
    await loaded();
    expect(text('phase')).toBe('Chưa bắt đầu');
    await fireEvent.click(screen.getByTestId('conduct-start'));
    await waitFor(() => expect(text('phase')).toBe('Đang họp'));
    expect(called('conduct_action')).toEqual([{ meetingId: sessionMeeting.id, action: { kind: 'start' } }]);

    await fireEvent.click(screen.getByTestId('open-item-2'));
    await waitFor(() => expect(text('current-item')).toContain('nội dung 2'));
    expect(called('conduct_action')[1]).toEqual({
      meetingId: sessionMeeting.id,
      action: { kind: 'open_item', item: '2' },
    });
  });

  it('asks before ending the meeting, and a "no" sends nothing', async () => {
    const { called } = backend({ handlers: { conduct_action: () => ({ ...conduct, phase: 'ended' }) } });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('conduct-end'));
    expect(screen.getByRole('group', { name: /Kết thúc cuộc họp\?/ })).toBeTruthy();
    await fireEvent.click(screen.getByTestId('conduct-end-cancel'));
    expect(called('conduct_action')).toEqual([]);
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('conduct-end')));

    await fireEvent.click(screen.getByTestId('conduct-end'));
    await fireEvent.click(screen.getByTestId('conduct-end-confirm'));
    await waitFor(() => expect(text('phase')).toBe('Đã kết thúc'));
    expect(called('conduct_action')).toEqual([{ meetingId: sessionMeeting.id, action: { kind: 'end' } }]);
  });

  it('shows a refusal in the banner with its translated code', async () => {
    backend({ handlers: { conduct_action: () => Promise.reject({ code: 'auth.forbidden', message: 'no' }) } });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('conduct-pause'));
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).getByTestId('error-message').textContent).toContain('Bạn không có quyền làm việc này');
    expect(text('phase')).toBe('Đang họp');
  });

  it('closes on Escape, but not while a question is asked', async () => {
    backend();
    const { onClose } = renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('conduct-end'));
    await fireEvent.keyDown(screen.getByTestId('conduct-end-cancel'), { key: 'Escape' });
    expect(onClose).not.toHaveBeenCalled();
    expect(screen.queryByTestId('conduct-end-confirm')).toBeNull();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('MeetingRoom in English', () => {
  it('speaks English when chosen', async () => {
    setLocale('en');
    backend({ votes: [closedMotion] });
    renderRoom(member);
    await loaded();
    expect(text('phase')).toBe('In session');
    expect(text('quorum')).toBe('Present: 10/15 members — quorum reached (needs 10)');
    expect(text('vote-passed')).toBe('PASSED');
    expect(text('vote-need')).toBe('Needs 8 approvals out of all 15 members.');
    expect(text('ballot-recorded')).toBe('Your ballot has been recorded: Approve.');
    expect(screen.getByTestId('room-close').textContent).toContain('Back');
  });
});

describe('MeetingRoom: attendance', () => {
  it('states the quorum in words when it is met', async () => {
    backend();
    renderRoom(member);
    await loaded();
    const quorum = screen.getByTestId('quorum');
    expect(quorum.textContent?.trim()).toBe('Có mặt 10/15 đại biểu — đủ số đại biểu cần thiết (cần 10)');
    expect(quorum.getAttribute('role')).toBe('status');
    expect(quorum.classList.contains('not-met')).toBe(false);
  });

  it('marks strongly a quorum not met', async () => {
    backend({ roster: { ...roster, quorum: { members: 15, present: 8, needed: 10, met: false } } });
    renderRoom(member);
    await loaded();
    const quorum = screen.getByTestId('quorum');
    expect(quorum.textContent?.trim()).toBe('Có mặt 8/15 đại biểu — CHƯA đủ số đại biểu cần thiết (cần 10)');
    expect(quorum.classList.contains('not-met')).toBe(true);
  });

  it('shows the chair who is connected to the server now', async () => {
    backend({
      roster: {
        ...roster,
        lines: roster.lines.map((line) => ({ ...line, online: line.userId !== 'u-lan' })),
        online: ['u-chair', 'u-binh', 'u-tuan'],
      },
    });
    renderRoom(member);
    await loaded();
    expect(screen.getByTestId('online-count').textContent).toContain('3 người');
    const marks = screen.getAllByTestId('roster-online').map((mark) => mark.textContent?.trim());
    expect(marks).toEqual(['đang kết nối', 'đang kết nối', 'mất kết nối']);
  });

  it('lists who has not checked in, and lets the chair record them at the door', async () => {
    const awaitingRoster = {
      ...roster,
      awaiting: [
        { userId: 'u-tuan', displayName: 'Ngô Minh Tuấn', online: true },
        { userId: 'u-hoa', displayName: 'Lê Thị Hoa', online: false },
      ],
    };
    const { called } = backend({ roster: awaitingRoster, handlers: { check_in: () => roster } });
    renderRoom(chair);
    await loaded();
    expect(screen.getByTestId('awaiting').textContent).toContain('Chưa điểm danh: 2 người');
    await fireEvent.click(screen.getByTestId('record-present-u-tuan'));
    await waitFor(() => expect(called('check_in')).toHaveLength(1));
    expect(called('check_in')[0]).toEqual({
      meetingId: sessionMeeting.id,
      presence: 'in_person',
      reason: null,
      forUser: 'u-tuan',
    });
    await waitFor(() => expect(screen.queryByTestId('awaiting')).toBeNull());
    cleanup();
    backend({ roster: awaitingRoster });
    renderRoom(member);
    await loaded();
    expect(screen.getAllByTestId('awaiting-line')).toHaveLength(2);
    expect(screen.queryByTestId('record-present-u-tuan')).toBeNull();
  });

  it('checks in, and asks a reason for an absence', async () => {
    const { called, state } = backend({
      handlers: {
        check_in: (args) => {
          const line = {
            userId: 'u-hoa',
            displayName: 'Lê Thị Hoa',
            presence: args.presence,
            reason: args.reason,
            atMs: Date.parse('2026-11-24T08:31:00+07:00'),
          };
          return { ...state.roster, lines: [...state.roster.lines, line] };
        },
      },
    });
    renderRoom(member);
    await loaded();
    expect(text('my-presence')).toBe('Bạn chưa điểm danh.');
    await fireEvent.click(screen.getByTestId('check-in-in_person'));
    await waitFor(() =>
      expect(text('my-presence')).toBe('Bạn đã điểm danh: Có mặt tại hội trường (lúc 08:31).'),
    );
    expect(called('check_in')).toEqual([
      { meetingId: sessionMeeting.id, presence: 'in_person', reason: null, forUser: null },
    ]);

    await fireEvent.click(screen.getByTestId('check-in-absent'));
    expect(called('check_in')).toHaveLength(1);
    const reason = screen.getByLabelText('Lý do vắng mặt (không bắt buộc)');
    await waitFor(() => expect(document.activeElement).toBe(reason));
    await fireEvent.input(reason, { target: { value: 'Ốm, nằm viện' } });
    await fireEvent.click(screen.getByTestId('check-in-absent-confirm'));
    await waitFor(() => expect(called('check_in')).toHaveLength(2));
    expect(called('check_in')[1]).toEqual({
      meetingId: sessionMeeting.id,
      presence: 'absent',
      reason: 'Ốm, nằm viện',
      forUser: null,
    });
  });

  it('reads the roster again when attendance changes, and only for this meeting', async () => {
    const { called, state } = backend();
    renderRoom(member);
    await loaded();
    expect(screen.getAllByTestId('roster-line')).toHaveLength(3);

    await emit('phonghop://meeting', { meetingId: 'another-meeting', signal: { kind: 'attendanceChanged' } });
    expect(called('meeting_roster')).toHaveLength(1);

    state.roster = {
      lines: [
        ...roster.lines,
        { userId: 'u-hoa', displayName: 'Lê Thị Hoa', presence: 'online', reason: null, atMs: roster.lines[0].atMs },
      ],
      quorum: { members: 15, present: 11, needed: 10, met: true },
    };
    await emit('phonghop://meeting', { meetingId: sessionMeeting.id, signal: { kind: 'attendanceChanged' } });
    await waitFor(() => expect(screen.getAllByTestId('roster-line')).toHaveLength(4));
    expect(text('quorum')).toContain('Có mặt 11/15 đại biểu');
    expect(text('my-presence')).toContain('Tham dự trực tuyến');
    expect(called('meeting_roster')).toHaveLength(2);
    expect(called('conduct_state')).toHaveLength(1);
  });
});

describe('MeetingRoom: speakers', () => {
  it('times the speaker on the server clock and shows a member their place', async () => {
    backend();
    renderRoom(member);
    await loaded();
    const now = screen.getByTestId('speaker-now');
    expect(within(now).getByTestId('speaker-name').textContent).toBe('Phạm Văn Bình');
    // Granted one minute before the server's "now", whatever this computer's clock says.
    expect(within(now).getByTestId('speaker-timer').textContent?.trim()).toMatch(/^01:0[01]$/);
    expect(now.dataset.level).toBe('normal');
    expect(text('my-speaking-place')).toBe('Bạn đang ở vị trí số 2 trong danh sách chờ phát biểu.');
    expect(screen.getByTestId('withdraw-from-speakers')).toBeTruthy();
    expect(screen.queryByTestId('request-to-speak')).toBeNull();
    expect(screen.queryByTestId('grant-u-tuan')).toBeNull();
  });

  it('lets a member ask to speak', async () => {
    const { called } = backend({
      conduct: { ...conduct, waiting: conduct.waiting.slice(0, 1) },
      handlers: { request_to_speak: () => conduct },
    });
    renderRoom(member);
    await loaded();
    await fireEvent.click(screen.getByTestId('request-to-speak'));
    await screen.findByTestId('my-speaking-place');
    expect(called('request_to_speak')).toEqual([{ meetingId: sessionMeeting.id }]);
  });

  it('lets the chair give the floor, reorder, remove after asking, and set the time', async () => {
    const { called } = backend({
      handlers: { speakers_action: () => conduct, conduct_action: () => conduct },
    });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('grant-u-tuan'));
    await fireEvent.click(screen.getByTestId('move-up-u-hoa'));
    await fireEvent.click(screen.getByTestId('remove-u-hoa'));
    await waitFor(() => expect(called('speakers_action')).toHaveLength(2));
    await fireEvent.click(screen.getByTestId('remove-u-hoa-confirm'));
    await fireEvent.click(screen.getByTestId('speaker-finish'));
    await waitFor(() => expect(called('speakers_action')).toHaveLength(4));
    expect(called('speakers_action').map((a) => a.action)).toEqual([
      { kind: 'grant', userId: 'u-tuan' },
      { kind: 'move', userId: 'u-hoa', position: 0 },
      { kind: 'remove', userId: 'u-hoa' },
      { kind: 'finish' },
    ]);
    expect(screen.queryByTestId('move-up-u-tuan')).toBeNull();
    expect(screen.getByTestId('grant-u-tuan').getAttribute('aria-label')).toBe('Mời Ngô Minh Tuấn phát biểu');

    const limit = screen.getByLabelText('Thời gian mỗi lượt (phút; 0 là không giới hạn)') as HTMLInputElement;
    expect(limit.value).toBe('5');
    await fireEvent.input(limit, { target: { value: 'ba' } });
    await fireEvent.click(screen.getByTestId('speaking-limit-set'));
    expect(screen.getByRole('alert').textContent).toContain('Xin nhập số phút từ 0 đến 120.');
    await fireEvent.input(limit, { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('speaking-limit-set'));
    await waitFor(() => expect(called('conduct_action')).toHaveLength(1));
    expect(called('conduct_action')[0].action).toEqual({ kind: 'set_speaking_limit', secs: 180 });
  });
});

describe('MeetingRoom: votes', () => {
  it('lets the chair open a motion vote with the chosen rule and timer', async () => {
    const { called } = backend({
      handlers: {
        open_vote: (args) => ({ ...openMotion, question: (args.vote as { question: string }).question, ballots: 0, voters: [] }),
      },
    });
    renderRoom(chair);
    await loaded();
    expect(screen.getByTestId('votes-empty').textContent).toBe('Chưa có biểu quyết nào.');
    await fireEvent.click(screen.getByTestId('open-vote-form'));
    const question = screen.getByTestId('vote-question');
    await waitFor(() => expect(document.activeElement).toBe(question));

    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(screen.getByTestId('vote-form-problem').textContent).toBe('Xin nhập nội dung biểu quyết.');
    expect(called('open_vote')).toEqual([]);

    await fireEvent.input(question, { target: { value: '  Thông qua Nghị quyết về dự toán ngân sách năm 2027 ' } });
    expect((screen.getByTestId('vote-kind') as HTMLSelectElement).value).toBe('motion');
    await fireEvent.change(screen.getByTestId('vote-rule'), { target: { value: 'all_two_thirds' } });
    await fireEvent.input(screen.getByTestId('vote-timer'), { target: { value: '5' } });
    await fireEvent.click(screen.getByTestId('vote-submit'));

    await waitFor(() => expect(called('open_vote')).toHaveLength(1));
    expect(called('open_vote')[0]).toEqual({
      meetingId: sessionMeeting.id,
      vote: {
        question: 'Thông qua Nghị quyết về dự toán ngân sách năm 2027',
        kind: { kind: 'motion' },
        options: [],
        base: 'all_members',
        threshold: 'at_least_two_thirds',
        checkQuorum: true,
        closesInSecs: 300,
        item: '1',
      },
    });
    await waitFor(() => expect(screen.queryByTestId('vote-form')).toBeNull());
    const vote = screen.getByTestId('vote');
    expect(vote.dataset.state).toBe('open');
    expect(within(vote).getByRole('heading', { level: 3 }).textContent).toBe(
      'Thông qua Nghị quyết về dự toán ngân sách năm 2027',
    );
    expect(text('open-vote-notice')).toContain('Đang biểu quyết: Thông qua Nghị quyết');
  });

  it('builds an election from the rows and refuses fewer candidates than seats', async () => {
    const { called } = backend({ handlers: { open_vote: () => openElection } });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('open-vote-form'));
    await fireEvent.input(screen.getByTestId('vote-question'), { target: { value: 'Bầu Ủy viên Thường trực' } });
    await fireEvent.change(screen.getByTestId('vote-kind'), { target: { value: 'election' } });
    // Elections are secret by default; this one is run open.
    await fireEvent.click(screen.getByTestId('vote-secret'));
    await fireEvent.input(screen.getByTestId('vote-seats'), { target: { value: '3' } });
    await fireEvent.input(screen.getByTestId('vote-option-0'), { target: { value: 'Nguyễn Văn An' } });
    await fireEvent.input(screen.getByTestId('vote-option-1'), { target: { value: 'Trần Thị Bích' } });
    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(screen.getByTestId('vote-form-problem').textContent).toBe(
      'Số ứng cử viên không được ít hơn số người cần bầu (3).',
    );
    await fireEvent.click(screen.getByTestId('vote-option-add'));
    await fireEvent.input(screen.getByTestId('vote-option-2'), { target: { value: 'Lê Văn Cường' } });
    await fireEvent.change(screen.getByTestId('vote-rule'), { target: { value: 'cast_half' } });
    await fireEvent.click(screen.getByTestId('vote-check-quorum'));
    await fireEvent.click(screen.getByTestId('vote-submit'));
    await waitFor(() => expect(called('open_vote')).toHaveLength(1));
    expect(called('open_vote')[0].vote).toEqual({
      question: 'Bầu Ủy viên Thường trực',
      kind: { kind: 'election', seats: 3 },
      options: ['Nguyễn Văn An', 'Trần Thị Bích', 'Lê Văn Cường'],
      base: 'votes_cast',
      threshold: 'more_than_half',
      checkQuorum: false,
      closesInSecs: null,
      item: '1',
    });
  });

  it('lets a member change a ballot only where the vote allows it', async () => {
    const cast = { ...openMotion, myChoices: [1], item: '2' };
    backend({ votes: [{ ...cast, allowChange: true }] });
    renderRoom(member);
    await loaded();
    expect(text('vote-item')).toBe('Nội dung 2');
    await fireEvent.click(screen.getByTestId('ballot-change'));
    expect(screen.getByTestId('ballot')).toBeTruthy();
    cleanup();
    backend({ votes: [{ ...cast, allowChange: false }] });
    renderRoom(member);
    await loaded();
    expect(screen.queryByTestId('ballot-change')).toBeNull();
    expect(screen.queryByTestId('ballot')).toBeNull();
  });

  it('warns on the chair’s form when a confidence vote, by law secret, is run open', async () => {
    backend();
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('open-vote-form'));
    expect(within(screen.getByTestId('vote-form')).queryByTestId('secret-warning')).toBeNull();
    await fireEvent.change(screen.getByTestId('vote-kind'), { target: { value: 'confidence' } });
    // Secret by default: no warning until the chair unticks the secret ballot.
    expect(within(screen.getByTestId('vote-form')).queryByTestId('secret-warning')).toBeNull();
    await fireEvent.click(screen.getByTestId('vote-secret'));
    expect(within(screen.getByTestId('vote-form')).getByTestId('secret-warning').textContent?.trim()).toBe(
      'Lưu ý: phiếu tín nhiệm theo luật phải bỏ phiếu kín; lần lấy phiếu này là CÔNG KHAI — mọi người sẽ thấy lựa chọn của bạn.',
    );
  });

  it('sends a member’s ballot only after the confirm step, then shows it recorded', async () => {
    const { called } = backend({
      votes: [openMotion],
      handlers: {
        cast_ballot: (args) => ({
          ...openMotion,
          ballots: 9,
          voters: [...openMotion.voters, 'Lê Thị Hoa'],
          myChoices: args.choices as number[],
        }),
      },
    });
    renderRoom(member);
    await loaded();
    expect(text('vote-count')).toBe('Đã biểu quyết: 8/15');
    expect(screen.getByTestId('vote-count').getAttribute('aria-live')).toBe('polite');
    expect(text('vote-voters')).toBe('Đã bỏ phiếu: Trần Văn Minh, Phạm Văn Bình');
    expect(screen.queryByTestId('secret-warning')).toBeNull();
    const buttons = ['ballot-choice-0', 'ballot-choice-1', 'ballot-choice-2'].map((id) => text(id));
    expect(buttons).toEqual(['Tán thành', 'Không tán thành', 'Không biểu quyết']);

    await fireEvent.click(screen.getByTestId('ballot-choice-0'));
    expect(text('ballot-review')).toBe('Bạn chọn: Tán thành. Gửi phiếu?');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('ballot-review')));
    expect(called('cast_ballot')).toEqual([]);
    await fireEvent.click(screen.getByTestId('ballot-back'));
    await fireEvent.click(screen.getByTestId('ballot-choice-1'));
    expect(text('ballot-review')).toBe('Bạn chọn: Không tán thành. Gửi phiếu?');
    await fireEvent.click(screen.getByTestId('ballot-confirm'));

    const recorded = await screen.findByTestId('ballot-recorded');
    expect(recorded.textContent?.trim()).toBe('Đã ghi nhận phiếu của bạn: Không tán thành.');
    expect(called('cast_ballot')).toEqual([{ meetingId: sessionMeeting.id, voteId: 'v1', choices: [1] }]);
    expect(screen.queryByTestId('ballot')).toBeNull();
    expect(text('vote-count')).toBe('Đã biểu quyết: 9/15');
    await waitFor(() => expect(document.activeElement).toBe(recorded));
  });

  it('keeps the ballot and explains when the vote closed meanwhile', async () => {
    backend({
      votes: [openMotion],
      handlers: { cast_ballot: () => Promise.reject({ code: 'vote.closed', message: 'closed' }) },
    });
    renderRoom(member);
    await loaded();
    await fireEvent.click(screen.getByTestId('ballot-choice-0'));
    await fireEvent.click(screen.getByTestId('ballot-confirm'));
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).getByTestId('error-message').textContent).toBe(
      'Biểu quyết này đã kết thúc, không nhận thêm phiếu.',
    );
    expect(screen.queryByTestId('ballot-recorded')).toBeNull();
  });

  it('gives a guest the count but no ballot', async () => {
    backend({ votes: [openMotion] });
    renderRoom(guest);
    await loaded();
    expect(text('vote-count')).toBe('Đã biểu quyết: 8/15');
    expect(screen.queryByTestId('ballot')).toBeNull();
    expect(screen.queryByTestId('check-in-in_person')).not.toBeNull();
    expect(screen.queryByTestId('request-to-speak')).toBeNull();
  });

  it('refuses more election choices than seats', async () => {
    const { called } = backend({
      votes: [openElection],
      handlers: { cast_ballot: (args) => ({ ...openElection, myChoices: args.choices as number[] }) },
    });
    renderRoom(member);
    await loaded();
    expect(screen.getByText('Chọn tối đa 2 người.')).toBeTruthy();
    const box = (index: number) => screen.getByTestId(`ballot-choice-${index}`) as HTMLInputElement;
    await fireEvent.click(box(0));
    await fireEvent.click(box(1));
    expect(text('ballot-chosen-count')).toBe('Đã chọn 2/2.');
    await fireEvent.click(box(2));
    expect(box(2).checked).toBe(false);
    expect(screen.getByTestId('ballot-too-many').textContent).toBe(
      'Chỉ được chọn tối đa 2 người. Hãy bỏ chọn một người trước khi chọn người khác.',
    );
    expect(text('ballot-chosen-count')).toBe('Đã chọn 2/2.');

    await fireEvent.click(box(0));
    await fireEvent.click(box(2));
    expect(box(2).checked).toBe(true);
    expect(screen.queryByTestId('ballot-too-many')).toBeNull();
    await fireEvent.click(screen.getByTestId('ballot-next'));
    expect(text('ballot-review')).toBe('Bạn chọn: Trần Thị Bích, Lê Văn Cường. Gửi phiếu?');
    await fireEvent.click(screen.getByTestId('ballot-confirm'));
    await screen.findByTestId('ballot-recorded');
    expect(called('cast_ballot')[0].choices).toEqual([1, 2]);
  });

  it('warns a confidence vote is open against the law, and needs every person rated', async () => {
    const { called } = backend({
      votes: [openConfidence],
      handlers: { cast_ballot: (args) => ({ ...openConfidence, myChoices: args.choices as number[] }) },
    });
    renderRoom(member);
    await loaded();
    const vote = screen.getByTestId('vote');
    expect(within(vote).getByTestId('secret-warning').textContent).toContain(
      'lần lấy phiếu này là CÔNG KHAI — mọi người sẽ thấy lựa chọn của bạn.',
    );
    await fireEvent.click(screen.getByTestId('ballot-choice-0-0'));
    await fireEvent.click(screen.getByTestId('ballot-next'));
    expect(screen.getByTestId('ballot-problem').textContent).toBe('Bạn chưa đánh giá: Trần Thị Bích.');
    expect(screen.queryByTestId('ballot-review')).toBeNull();
    await fireEvent.click(screen.getByTestId('ballot-choice-1-2'));
    await fireEvent.click(screen.getByTestId('ballot-next'));
    expect(text('ballot-review')).toBe(
      'Bạn chọn: Nguyễn Văn An: Tín nhiệm cao; Trần Thị Bích: Tín nhiệm thấp. Gửi phiếu?',
    );
    await fireEvent.click(screen.getByTestId('ballot-confirm'));
    await screen.findByTestId('ballot-recorded');
    expect(called('cast_ballot')[0]).toEqual({ meetingId: sessionMeeting.id, voteId: 'v3', choices: [0, 2] });
  });

  it('lets the chair close a vote only after confirming, then shows the result', async () => {
    const { called } = backend({ votes: [openMotion], handlers: { close_vote: () => closedMotion } });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('vote-close'));
    expect(called('close_vote')).toEqual([]);
    expect(screen.getByText('Kết thúc biểu quyết và công bố kết quả? Sau đó không ai bỏ phiếu được nữa.')).toBeTruthy();
    await fireEvent.click(screen.getByTestId('vote-close-confirm'));
    await screen.findByTestId('vote-result');
    expect(called('close_vote')).toEqual([{ meetingId: sessionMeeting.id, voteId: 'v1' }]);
    expect(text('vote-passed')).toBe('THÔNG QUA');
    expect(screen.queryByTestId('vote-close')).toBeNull();
  });

  it('shows a closed vote’s result: the verdict, the rule in numbers, counts and names', async () => {
    backend({ votes: [closedMotion] });
    renderRoom(member);
    await loaded();
    expect(text('vote-passed')).toBe('THÔNG QUA');
    expect(text('vote-need')).toBe('Cần 8 phiếu tán thành trên tổng số 15 đại biểu.');
    const rows = screen
      .getAllByTestId('vote-option-count')
      .map((row) => [...row.children].map((cell) => cell.textContent?.trim()).join(' | '));
    expect(rows).toEqual([
      'Tán thành | 9 phiếu | 60%',
      'Không tán thành | 4 phiếu | 26,67%',
      'Không biểu quyết | 1 phiếu | 6,67%',
    ]);
    expect(text('vote-names-0')).toBe('Trần Văn Minh, Lê Thị Hoa');
    expect(text('vote-names-1')).toBe('Phạm Văn Bình');
    expect(text('vote-names-2')).toBe('(không có)');
    expect(text('ballot-recorded')).toBe('Đã ghi nhận phiếu của bạn: Tán thành.');
    expect(screen.queryByTestId('vote-export')).toBeNull();
  });

  it('exports the vote-counting report for the chair', async () => {
    const { called } = backend({
      votes: [closedMotion],
      handlers: { export_vote_report: () => '/home/thuky/Biên bản kiểm phiếu v1.pdf' },
    });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('vote-export'));
    expect((await screen.findByTestId('vote-exported')).textContent).toBe(
      'Đã lưu biên bản kiểm phiếu tại: /home/thuky/Biên bản kiểm phiếu v1.pdf',
    );
    expect(called('export_vote_report')).toEqual([{ meetingId: sessionMeeting.id, voteId: 'v1' }]);
  });

  it('reads the votes again on a votesChanged signal', async () => {
    const { state, called } = backend({ votes: [openMotion] });
    renderRoom(member);
    await loaded();
    state.votes = [{ ...openMotion, ballots: 12 }];
    await emit('phonghop://meeting', { meetingId: sessionMeeting.id, signal: { kind: 'votesChanged' } });
    await waitFor(() => expect(text('vote-count')).toBe('Đã biểu quyết: 12/15'));
    expect(called('meeting_votes')).toHaveLength(2);
  });
});

describe('MeetingRoom: minutes and presenter', () => {
  const draft: MinutesDraft = {
    meetingId: sessionMeeting.id,
    number: 'Số: 15/BB-HĐND',
    placeAndDate: 'Quảng Nam, ngày 24 tháng 11 năm 2026',
    sections: [
      { heading: 'I. Thành phần tham dự', text: 'Có mặt 10/15 đại biểu.' },
      { heading: 'II. Nội dung', text: 'Kỳ họp đã thảo luận…' },
    ],
    secretary: 'Nguyễn Thị Hồng Nhung',
    chair: 'Trần Văn Minh',
  };

  it('lets the chair edit the minutes and export them, showing the path', async () => {
    const { called } = backend({
      handlers: { minutes_draft: () => structuredClone(draft), export_minutes: () => '/home/chutoa/Biên bản.pdf' },
    });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('minutes-load'));
    const section = (await screen.findByLabelText('II. Nội dung')) as HTMLTextAreaElement;
    expect(section.value).toBe('Kỳ họp đã thảo luận…');
    await fireEvent.input(section, { target: { value: 'Kỳ họp đã thông qua Nghị quyết.' } });
    await fireEvent.input(screen.getByLabelText('Số biên bản'), { target: { value: 'Số: 16/BB-HĐND' } });
    await fireEvent.click(screen.getByTestId('minutes-export'));
    expect((await screen.findByTestId('minutes-exported')).textContent).toBe(
      'Đã lưu biên bản tại: /home/chutoa/Biên bản.pdf',
    );
    expect(called('minutes_draft')).toEqual([{ meetingId: sessionMeeting.id }]);
    expect(called('export_minutes')).toEqual([
      {
        draft: {
          ...draft,
          number: 'Số: 16/BB-HĐND',
          sections: [draft.sections[0], { heading: 'II. Nội dung', text: 'Kỳ họp đã thông qua Nghị quyết.' }],
        },
      },
    ]);
  });

  it('keeps the edited minutes when the room is left and opened again', async () => {
    backend({ handlers: { minutes_draft: () => structuredClone(draft) } });
    const first = renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('minutes-load'));
    await fireEvent.input(await screen.findByLabelText('Số biên bản'), { target: { value: 'Số: 99/BB-HĐND' } });
    first.unmount();
    renderRoom(chair);
    await loaded();
    expect((screen.getByLabelText('Số biên bản') as HTMLInputElement).value).toBe('Số: 99/BB-HĐND');
  });

  it('does not offer the minutes to a member', async () => {
    backend();
    renderRoom(member);
    await loaded();
    expect(screen.queryByTestId('minutes')).toBeNull();
  });

  it('tells when the presenter shows a page, and opens the viewer there', async () => {
    backend();
    const { onFollowPresenter } = renderRoom(member);
    await loaded();
    expect(screen.queryByTestId('presenter-notice')).toBeNull();
    await emit('phonghop://meeting', {
      meetingId: sessionMeeting.id,
      signal: { kind: 'presenterPage', documentId: 'd3', page: 4 },
    });
    const notice = await screen.findByTestId('presenter-notice');
    expect(notice.textContent).toContain('Người trình bày đang chiếu trang 5 của “Báo cáo kinh tế – xã hội năm 2026”.');
    await fireEvent.click(screen.getByTestId('follow-presenter'));
    expect(onFollowPresenter).toHaveBeenCalledWith('d3', 4);
  });
});
