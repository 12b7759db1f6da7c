/**
 * Secret ballots (bỏ phiếu kín, issue 9) in the meeting room: the chair's form with its
 * counting committee, the ballot that shows a receipt and never a choice, the committee's
 * step after the close, and a result without names.
 */
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/svelte';
import { emit } from '@tauri-apps/api/event';
import { clearMocks } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import { forgetMinutesDrafts } from '../../room/room-state.svelte';
import type { NewVote, VoteView } from '../../room-types';
import type { ProfileInfo } from '../../types';
import { sessionMeeting } from '../../../test/fixtures';
import { backend, loaded, renderRoom, text } from '../../../test/room-backend';
import {
  chair,
  closedSecretElection,
  countedSecretElection,
  guest,
  HOA_RECEIPT,
  member,
  openSecretElection,
  rosterWithHoa,
} from '../../../test/room-fixtures';

const EXPLAIN_K2 =
  'Kết quả chỉ được mở khi ít nhất 2 thành viên Ban kiểm phiếu cùng giải mã; không ai, kể cả máy chủ, xem được phiếu của từng người.';

/** Another member, not on the counting committee. */
const tuan: ProfileInfo = { ...member, displayName: 'Ngô Minh Tuấn', userId: 'u-tuan' };

/** `vote` as a person off the committee sees it. */
const offCommittee = (vote: VoteView): VoteView => ({
  ...vote,
  myChoices: null,
  myBallotHash: null,
  secret: vote.secret && { ...vote.secret, mySeat: null },
});

const box = (id: string) => screen.getByTestId(id) as HTMLInputElement;

beforeEach(() => {
  localStorage.clear();
  setLocale('vi');
  forgetMinutesDrafts();
});
afterEach(() => {
  cleanup();
  clearMocks();
});

/** Opens the chair's form and fills a question and an election of 1 among 2. */
async function fillElection() {
  await fireEvent.click(screen.getByTestId('open-vote-form'));
  await fireEvent.input(screen.getByTestId('vote-question'), { target: { value: 'Bầu Phó Chủ tịch HĐND tỉnh' } });
  await fireEvent.change(screen.getByTestId('vote-kind'), { target: { value: 'election' } });
  await fireEvent.input(screen.getByTestId('vote-option-0'), { target: { value: 'Nguyễn Văn An' } });
  await fireEvent.input(screen.getByTestId('vote-option-1'), { target: { value: 'Trần Thị Bích' } });
}

describe('Secret ballot: the chair’s form', () => {
  it('opens a secret election counted by a committee of three, two of whom open the result', async () => {
    const { called } = backend({ roster: rosterWithHoa, handlers: { open_vote: () => openSecretElection } });
    renderRoom(chair);
    await loaded();
    await fillElection();

    // An election is secret by default (bỏ phiếu kín, as the law has it) and asks for the
    // committee; unticking makes it open, ticking again secret.
    expect(box('vote-secret').checked).toBe(true);
    expect(screen.getByTestId('committee-threshold')).toBeTruthy();
    await fireEvent.click(box('vote-secret'));
    expect(screen.queryByTestId('committee-threshold')).toBeNull();
    await fireEvent.click(box('vote-secret'));
    expect(box('vote-secret').checked).toBe(true);

    // Only those checked in are offered (Lan is absent), with their names.
    expect(screen.queryByTestId('committee-member-u-lan')).toBeNull();
    expect(box('committee-member-u-hoa').closest('label')?.textContent?.trim()).toBe('Lê Thị Hoa');
    await fireEvent.click(box('committee-member-u-hoa'));
    await fireEvent.click(box('committee-member-u-chair'));
    await fireEvent.click(box('committee-member-u-binh'));

    // k defaults to a majority of the committee, and the explanation says it in words.
    expect(box('committee-threshold').value).toBe('2');
    expect(text('committee-explain')).toBe(EXPLAIN_K2);

    await fireEvent.click(screen.getByTestId('vote-submit'));
    await waitFor(() => expect(called('open_vote')).toHaveLength(1));
    expect(called('open_vote')[0]).toEqual({
      meetingId: sessionMeeting.id,
      vote: {
        question: 'Bầu Phó Chủ tịch HĐND tỉnh',
        kind: { kind: 'election', seats: 1 },
        options: ['Nguyễn Văn An', 'Trần Thị Bích'],
        base: 'all_members',
        threshold: 'more_than_half',
        checkQuorum: true,
        closesInSecs: null,
        item: '1',
        // In seat order: the roster's, whatever order they were ticked in.
        secret: { committee: ['u-chair', 'u-binh', 'u-hoa'], threshold: 2 },
      },
    });
    const sent = called('open_vote')[0].vote as NewVote;
    expect('allowChange' in sent).toBe(false);
  });

  it('refuses an empty committee, and a number to open out of 1..n, sending nothing', async () => {
    const { called } = backend({ roster: rosterWithHoa, handlers: { open_vote: () => openSecretElection } });
    renderRoom(chair);
    await loaded();
    await fillElection();
    expect(box('vote-secret').checked).toBe(true);

    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(text('vote-form-problem')).toBe('Xin chọn ít nhất một người vào Ban kiểm phiếu.');
    expect(screen.getByTestId('vote-form-problem').getAttribute('role')).toBe('alert');

    await fireEvent.click(box('committee-member-u-binh'));
    await fireEvent.click(box('committee-member-u-hoa'));
    await fireEvent.input(box('committee-threshold'), { target: { value: '3' } });
    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(text('vote-form-problem')).toBe('Số thành viên cần cùng giải mã phải là số từ 1 đến 2.');
    await fireEvent.input(box('committee-threshold'), { target: { value: '0' } });
    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(text('vote-form-problem')).toBe('Số thành viên cần cùng giải mã phải là số từ 1 đến 2.');
    expect(called('open_vote')).toEqual([]);

    await fireEvent.input(box('committee-threshold'), { target: { value: '1' } });
    await fireEvent.click(screen.getByTestId('vote-submit'));
    await waitFor(() => expect(called('open_vote')).toHaveLength(1));
    expect((called('open_vote')[0].vote as NewVote).secret).toEqual({ committee: ['u-binh', 'u-hoa'], threshold: 1 });
  });

  it('says so when nobody has checked in to sit on the committee', async () => {
    backend({ roster: { ...rosterWithHoa, lines: rosterWithHoa.lines.filter((line) => line.presence === 'absent') } });
    renderRoom(chair);
    await loaded();
    await fillElection();
    expect(text('committee-empty')).toBe('Chưa có ai điểm danh nên chưa chọn được Ban kiểm phiếu.');
    await fireEvent.click(screen.getByTestId('vote-submit'));
    expect(text('vote-form-problem')).toBe('Xin chọn ít nhất một người vào Ban kiểm phiếu.');
  });

  it('makes a confidence vote secret by default, without the secret-by-law warning', async () => {
    const { called } = backend({ roster: rosterWithHoa, handlers: { open_vote: () => openSecretElection } });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('open-vote-form'));
    await fireEvent.input(screen.getByTestId('vote-question'), { target: { value: 'Lấy phiếu tín nhiệm' } });
    expect(box('vote-secret').checked).toBe(false);
    await fireEvent.change(screen.getByTestId('vote-kind'), { target: { value: 'confidence' } });
    expect(box('vote-secret').checked).toBe(true);
    const form = screen.getByTestId('vote-form');
    expect(within(form).queryByTestId('secret-warning')).toBeNull();
    expect(within(form).getByTestId('committee-threshold')).toBeTruthy();

    await fireEvent.input(screen.getByTestId('vote-option-0'), { target: { value: 'Nguyễn Văn An' } });
    await fireEvent.click(box('committee-member-u-chair'));
    expect(box('committee-threshold').value).toBe('1');
    await fireEvent.click(screen.getByTestId('vote-submit'));
    await waitFor(() => expect(called('open_vote')).toHaveLength(1));
    const sent = called('open_vote')[0].vote as NewVote;
    expect(sent.kind).toEqual({ kind: 'confidence' });
    expect(sent.secret).toEqual({ committee: ['u-chair'], threshold: 1 });
  });
});

describe('Secret ballot: voting', () => {
  it('casts a secret ballot, then shows the receipt code and never the choice', async () => {
    const cast: VoteView = { ...openSecretElection, ballots: 4, myChoices: [], myBallotHash: HOA_RECEIPT };
    const { called, state } = backend({
      roster: rosterWithHoa,
      votes: [openSecretElection],
      handlers: { cast_ballot: () => cast },
    });
    renderRoom(member);
    await loaded();
    const vote = screen.getByTestId('vote');
    const banner = within(vote).getByTestId('secret-banner');
    expect(banner.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      'Phiếu kín — không ai biết bạn chọn gì Lựa chọn của bạn được mã hóa ngay trên máy tính này trước khi gửi; Ban kiểm phiếu chỉ cùng nhau mở được tổng số phiếu, không mở được phiếu của từng người.',
    );
    expect(within(vote).queryByTestId('secret-warning')).toBeNull();

    await fireEvent.click(box('ballot-choice-0'));
    await fireEvent.click(box('ballot-choice-2'));
    await fireEvent.click(screen.getByTestId('ballot-next'));
    // Before sending, the choice is shown once to be checked.
    expect(text('ballot-review')).toBe('Bạn chọn: Nguyễn Văn An, Lê Văn Cường. Gửi phiếu?');
    expect(text('ballot-review-note')).toBe(
      'Phiếu kín: sau khi gửi, máy này không lưu lại lựa chọn của bạn, và phiếu không sửa được.',
    );
    await fireEvent.click(screen.getByTestId('ballot-confirm'));

    expect((await screen.findByTestId('ballot-recorded')).textContent?.trim()).toBe('Đã ghi nhận phiếu kín của bạn.');
    expect(called('cast_ballot')).toEqual([{ meetingId: sessionMeeting.id, voteId: 'v4', choices: [0, 2] }]);
    const receipt = screen.getByTestId('ballot-receipt');
    expect(receipt.textContent?.trim()).toBe('Mã biên nhận: 3f9a 0c1e 7b2d 4a6f');
    expect(receipt.getAttribute('title')).toBe(HOA_RECEIPT);
    const full = document.getElementById(receipt.getAttribute('aria-describedby') ?? '');
    expect(full?.textContent?.trim()).toBe(`Mã biên nhận đầy đủ: ${HOA_RECEIPT}`);
    expect(vote.textContent).toContain('Mã này có trong biên bản kiểm phiếu được công bố');
    expect(screen.queryByTestId('ballot')).toBeNull();
    expect(screen.queryByTestId('ballot-change')).toBeNull();
    expect(vote.textContent).not.toContain('Nguyễn Văn An');
    expect(vote.textContent).not.toContain('Lê Văn Cường');

    // Even should a reading carry choices, a secret vote never shows them.
    state.votes = [{ ...cast, myChoices: [0, 2], allowChange: true }];
    await emit('phonghop://meeting', { meetingId: sessionMeeting.id, signal: { kind: 'votesChanged' } });
    await waitFor(() => expect(called('meeting_votes')).toHaveLength(2));
    expect(text('ballot-recorded')).toBe('Đã ghi nhận phiếu kín của bạn.');
    expect(screen.getByTestId('vote').textContent).not.toContain('Nguyễn Văn An');
    expect(screen.queryByTestId('ballot-change')).toBeNull();
  });

  it('asks the chair to confirm the close in words of the committee', async () => {
    backend({ roster: rosterWithHoa, votes: [{ ...openSecretElection, secret: { ...openSecretElection.secret!, mySeat: 1 } }] });
    renderRoom(chair);
    await loaded();
    await fireEvent.click(screen.getByTestId('vote-close'));
    expect(
      screen.getByText(
        'Kết thúc biểu quyết? Sau đó không ai bỏ phiếu được nữa; kết quả sẽ được mở khi đủ 2 thành viên Ban kiểm phiếu công bố phần giải mã.',
      ),
    ).toBeTruthy();
  });
});

describe('Secret ballot: after the close', () => {
  it('lets a committee member publish their part after confirming, once, then shows the result', async () => {
    let answer: (view: VoteView) => void = () => {};
    const { called } = backend({
      roster: rosterWithHoa,
      votes: [closedSecretElection],
      handlers: {
        publish_partial_decryption: () => new Promise<VoteView>((resolve) => (answer = resolve)),
      },
    });
    renderRoom(member);
    await loaded();
    expect(text('counting-status')).toBe('Đang chờ Ban kiểm phiếu mở kết quả: 1/2');
    const seats = screen.getAllByTestId('committee-seat').map((seat) => seat.textContent?.replace(/\s+/g, ' ').trim());
    expect(seats).toEqual([
      'Trần Văn Minh — đã công bố phần giải mã',
      'Phạm Văn Bình — chưa công bố',
      'Lê Thị Hoa (bạn) — chưa công bố',
    ]);
    expect(screen.queryByTestId('vote-result')).toBeNull();
    expect(text('ballot-receipt')).toBe('Mã biên nhận: 3f9a 0c1e 7b2d 4a6f');

    const step = screen.getByTestId('publish-step');
    expect(within(step).getByRole('heading').textContent).toBe('Bạn là thành viên Ban kiểm phiếu');
    expect(text('publish-partial')).toBe('Công bố phần giải mã của tôi');
    await fireEvent.click(screen.getByTestId('publish-partial'));
    expect(
      screen.getByText(
        'Công bố phần giải mã của bạn cho biểu quyết này? Việc này không làm lại được và có thể mất vài giây.',
      ),
    ).toBeTruthy();
    expect(called('publish_partial_decryption')).toEqual([]);

    const confirm = screen.getByTestId('publish-partial-confirm');
    await fireEvent.click(confirm);
    await waitFor(() => expect(confirm.getAttribute('aria-busy')).toBe('true'));
    expect(confirm.textContent?.trim()).toBe('Đang giải mã và công bố… (có thể mất vài giây)');
    await fireEvent.click(confirm);
    expect(called('publish_partial_decryption')).toEqual([{ meetingId: sessionMeeting.id, voteId: 'v4' }]);

    answer(countedSecretElection);
    await screen.findByTestId('vote-result');
    expect(called('publish_partial_decryption')).toHaveLength(1);
    expect(screen.queryByTestId('counting-status')).toBeNull();
    expect(screen.queryByTestId('publish-partial')).toBeNull();
    expect(text('vote-elected')).toBe('Trúng cử: Nguyễn Văn An');
  });

  it('keeps the step and says why when publishing fails', async () => {
    backend({
      roster: rosterWithHoa,
      votes: [closedSecretElection],
      handlers: { publish_partial_decryption: () => Promise.reject({ code: 'ballot.bad_share', message: 'bad' }) },
    });
    renderRoom(member);
    await loaded();
    await fireEvent.click(screen.getByTestId('publish-partial'));
    await fireEvent.click(screen.getByTestId('publish-partial-confirm'));
    const banner = await screen.findByTestId('error-banner');
    expect(within(banner).getByTestId('error-message').textContent).toBe(
      'Phần khóa Ban kiểm phiếu trên máy này không đúng hoặc đã bị hỏng nên chưa giải mã được. Xin báo quản trị viên.',
    );
    await waitFor(() => expect(screen.getByTestId('publish-partial')).toBeTruthy());
    expect(text('counting-status')).toBe('Đang chờ Ban kiểm phiếu mở kết quả: 1/2');
  });

  it('offers no step to someone off the committee, nor to a member who has published', async () => {
    backend({ roster: rosterWithHoa, votes: [offCommittee(closedSecretElection)] });
    renderRoom(tuan);
    await loaded();
    expect(text('counting-status')).toBe('Đang chờ Ban kiểm phiếu mở kết quả: 1/2');
    expect(screen.getAllByTestId('committee-seat')).toHaveLength(3);
    expect(screen.queryByTestId('publish-partial')).toBeNull();
    expect(screen.queryByTestId('publish-step')).toBeNull();
    expect(screen.queryByTestId('ballot-receipt')).toBeNull();
    cleanup();

    backend({ roster: rosterWithHoa, votes: [{ ...offCommittee(closedSecretElection), secret: { ...closedSecretElection.secret!, mySeat: 1 } }] });
    renderRoom(chair);
    await loaded();
    expect(screen.queryByTestId('publish-partial')).toBeNull();
    expect(text('publish-done')).toBe('Bạn đã công bố phần giải mã của mình.');
    cleanup();

    backend({ roster: rosterWithHoa, votes: [offCommittee(closedSecretElection)] });
    renderRoom(guest);
    await loaded();
    expect(screen.queryByTestId('publish-partial')).toBeNull();
  });

  it('shows a counted secret vote’s counts, but no names by choice', async () => {
    backend({
      roster: rosterWithHoa,
      votes: [
        {
          ...countedSecretElection,
          // Whatever arrives, a secret vote never lists who chose what.
          namedBallots: [{ userId: 'u-hoa', displayName: 'Lê Thị Hoa', choices: [0] }],
        },
      ],
    });
    renderRoom(member);
    await loaded();
    const rows = screen
      .getAllByTestId('vote-option-count')
      .map((row) => [...row.children].map((cell) => cell.textContent?.trim()).join(' | '));
    expect(rows).toEqual([
      'Nguyễn Văn An | 9 phiếu | 60%',
      'Trần Thị Bích | 7 phiếu | 46,67%',
      'Lê Văn Cường | 5 phiếu | 33,33%',
      'Phạm Thị Dung | 2 phiếu | 13,33%',
    ]);
    expect(screen.queryByTestId('vote-names')).toBeNull();
    expect(screen.queryByText('Danh sách đại biểu theo lựa chọn')).toBeNull();
    expect(text('secret-opened-by')).toBe(
      'Kết quả phiếu kín do Ban kiểm phiếu mở: 2/3 thành viên đã công bố phần giải mã.',
    );
    expect(screen.queryByTestId('counting-status')).toBeNull();
    expect(screen.queryByTestId('publish-partial')).toBeNull();
    expect(text('ballot-recorded')).toBe('Đã ghi nhận phiếu kín của bạn.');
  });

  it('speaks English when chosen', async () => {
    setLocale('en');
    backend({ roster: rosterWithHoa, votes: [closedSecretElection] });
    renderRoom(member);
    await loaded();
    expect(text('counting-status')).toBe('Waiting for the counting committee to open the result: 1/2');
    expect(text('ballot-receipt')).toBe('Receipt code: 3f9a 0c1e 7b2d 4a6f');
    expect(text('publish-partial')).toBe('Publish my share of the decryption');
  });
});
