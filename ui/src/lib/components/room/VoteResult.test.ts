import { render, screen } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../i18n';
import type { VoteResult as Result, VoteView } from '../../room-types';
import { closedMotion, openConfidence, openElection } from '../../../test/room-fixtures';
import VoteResult from './VoteResult.svelte';

const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, ' ').trim();
const result = closedMotion.result as Result;

beforeEach(() => setLocale('vi'));

describe('VoteResult', () => {
  it('says KHÔNG THÔNG QUA in large type and that a lost quorum voids the vote', () => {
    const failed: Result = { ...result, counts: [7, 6, 1], passed: false, quorumMet: false, present: 9 };
    render(VoteResult, { vote: { ...closedMotion, result: failed }, result: failed });
    const verdict = screen.getByTestId('vote-passed');
    expect(verdict.textContent?.trim()).toBe('KHÔNG THÔNG QUA');
    expect(verdict.dataset.passed).toBe('false');
    expect(verdict.classList.contains('failed')).toBe(true);
    expect(text('vote-quorum-lost')).toBe(
      'Khi kết thúc biểu quyết không còn đủ số đại biểu cần thiết: kết quả biểu quyết không có giá trị.',
    );
    expect(text('vote-need')).toBe('Cần 8 phiếu tán thành trên tổng số 15 đại biểu.');
  });

  it('measures against those present or the votes cast in the words of the rule', () => {
    const present: VoteView = { ...closedMotion, base: 'present' };
    const presentResult: Result = { ...result, base: 12, needed: 7 };
    const { unmount } = render(VoteResult, { vote: present, result: presentResult });
    expect(text('vote-need')).toBe('Cần 7 phiếu tán thành trên 12 đại biểu có mặt.');
    unmount();
    setLocale('en');
    render(VoteResult, { vote: { ...closedMotion, base: 'votes_cast' }, result: { ...result, base: 14 } });
    expect(text('vote-need')).toBe('Needs 8 approvals out of 14 votes cast.');
    expect(text('vote-passed')).toBe('PASSED');
  });

  it('names those elected and those tied for the last seat', () => {
    const election: Result = {
      ...result,
      counts: [10, 7, 7, 2],
      passed: false,
      elected: [0],
      tied: [1, 2],
    };
    render(VoteResult, { vote: { ...openElection, state: 'closed', result: election }, result: election });
    expect(text('vote-passed')).toBe('CHƯA BẦU ĐỦ');
    expect(text('vote-elected')).toBe('Trúng cử: Nguyễn Văn An');
    expect(text('vote-tied')).toBe('Bằng phiếu cho vị trí cuối: Trần Thị Bích, Lê Văn Cường — cần bầu lại.');
  });

  it('rates each person of a confidence vote, flagging a low rating by two thirds', () => {
    const confidence: Result = {
      ...result,
      counts: [15, 15],
      passed: true,
      ratings: [
        { high: 10, ordinary: 4, low: 1, lowOverHalf: false, lowTwoThirds: false },
        { high: 1, ordinary: 3, low: 11, lowOverHalf: true, lowTwoThirds: true },
      ],
    };
    render(VoteResult, {
      vote: {
        ...openConfidence,
        state: 'closed',
        result: confidence,
        namedBallots: [{ userId: 'u-hoa', displayName: 'Lê Thị Hoa', choices: [0, 2] }],
      },
      result: confidence,
    });
    expect(screen.queryByTestId('vote-passed')).toBeNull();
    const rows = screen.getAllByTestId('vote-rating');
    expect(rows[0].textContent).toContain('10 phiếu');
    expect(rows[1].textContent).toContain('Từ hai phần ba tổng số đại biểu trở lên đánh giá tín nhiệm thấp.');
    expect(rows[1].textContent).toContain('11 phiếu');
    expect(rows[1].textContent).toContain('73,33%');
    expect(text('vote-names-0-0')).toBe('Lê Thị Hoa');
    expect(text('vote-names-1-2')).toBe('Lê Thị Hoa');
    expect(text('vote-names-1-0')).toBe('(không có)');
  });
});
