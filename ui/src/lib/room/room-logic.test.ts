import { beforeEach, describe, expect, it } from 'vitest';
import { formatClockMs, formatPercent } from '../format';
import { setLocale } from '../i18n';
import {
  closedMotion,
  closedSecretElection,
  countedSecretElection,
  HOA_RECEIPT,
  openConfidence,
  openElection,
  openSecretElection,
} from '../../test/room-fixtures';
import { choiceLabel, describeBallot, voteKindLabel, voteRuleLabel } from './labels';
import { majorityOf, mustPublish, mySeatOf, publishedCount, shortReceipt } from './secret';
import { formatDuration, secondsLeft, speakerTimer } from './timing';
import { namesByChoice } from './vote-rules';

beforeEach(() => setLocale('vi'));

describe('speaker timer', () => {
  it('is normal, then a warning from 30 seconds left, then over the limit', () => {
    expect(speakerTimer(0, 60_000, 300)).toEqual({ elapsedSecs: 60, remainingSecs: 240, level: 'normal' });
    expect(speakerTimer(0, 269_999, 300).level).toBe('normal');
    expect(speakerTimer(0, 270_000, 300).level).toBe('warning');
    expect(speakerTimer(0, 300_999, 300)).toEqual({ elapsedSecs: 300, remainingSecs: 0, level: 'warning' });
    expect(speakerTimer(0, 301_000, 300)).toEqual({ elapsedSecs: 301, remainingSecs: -1, level: 'over' });
  });

  it('has no level without a limit and never runs backwards', () => {
    expect(speakerTimer(0, 9_000_000, 0)).toEqual({ elapsedSecs: 9000, remainingSecs: null, level: 'normal' });
    expect(speakerTimer(10_000, 0, 300).elapsedSecs).toBe(0);
  });

  it('writes durations as mm:ss or h:mm:ss and counts down to zero', () => {
    expect(formatDuration(0)).toBe('00:00');
    expect(formatDuration(65)).toBe('01:05');
    expect(formatDuration(-10)).toBe('00:10');
    expect(formatDuration(3723)).toBe('1:02:03');
    expect(secondsLeft(10_000, 8_500)).toBe(2);
    expect(secondsLeft(10_000, 12_000)).toBe(0);
  });
});

describe('vote texts', () => {
  it('name the kind, the rule and a motion’s choices in the current language', () => {
    expect(voteKindLabel(closedMotion)).toBe('Biểu quyết thông qua');
    expect(voteKindLabel(openElection)).toBe('Bầu 2 trong 4 người');
    expect(voteRuleLabel(closedMotion)).toBe('Quá nửa tổng số đại biểu');
    expect(voteRuleLabel({ base: 'present', threshold: 'custom' })).toBe('Theo quy định riêng của cơ quan');
    setLocale('en');
    expect(choiceLabel(closedMotion, 0)).toBe('Approve');
    expect(describeBallot(openElection, [])).toBe('nobody');
    setLocale('vi');
    expect(choiceLabel(openElection, 3)).toBe('Phạm Thị Dung');
    expect(describeBallot(openConfidence, [1, 2])).toBe('Nguyễn Văn An: Tín nhiệm; Trần Thị Bích: Tín nhiệm thấp');
  });

  it('group the names of an open vote by choice, ignoring stray levels', () => {
    expect(namesByChoice(closedMotion)).toEqual([['Trần Văn Minh', 'Lê Thị Hoa'], ['Phạm Văn Bình'], []]);
    const names = namesByChoice({
      ...openConfidence,
      namedBallots: [
        { userId: 'a', displayName: 'A', choices: [0, 1] },
        { userId: 'b', displayName: 'B', choices: [2, 7] },
      ],
    });
    expect(names).toEqual([['A'], [], ['B'], [], ['A'], []]);
  });
});

describe('room formats', () => {
  it('write shares Vietnamese style and clock times in Vietnam time', () => {
    expect(formatPercent(9, 15, 'vi')).toBe('60%');
    expect(formatPercent(4, 15, 'vi')).toBe('26,67%');
    expect(formatPercent(4, 15, 'en')).toBe('26.67%');
    expect(formatPercent(1, 0, 'vi')).toBe('—');
    expect(formatClockMs(Date.parse('2026-11-24T01:05:00Z'))).toBe('08:05');
  });
});

describe('secret ballots', () => {
  it('default the number needed to open the result to a majority of the committee', () => {
    expect([1, 2, 3, 4, 5, 7].map(majorityOf)).toEqual([1, 2, 2, 3, 3, 4]);
    expect(majorityOf(0)).toBe(1);
  });

  it('show the receipt as its first 16 hex characters in groups of 4', () => {
    expect(shortReceipt(HOA_RECEIPT)).toBe('3f9a 0c1e 7b2d 4a6f');
    expect(shortReceipt('abc')).toBe('abc');
    expect(shortReceipt('')).toBe('');
  });

  it('ask a committee member to publish only after the close, before the result, once', () => {
    expect(mySeatOf(closedSecretElection)?.userId).toBe('u-hoa');
    expect(publishedCount(closedSecretElection)).toBe(1);
    expect(mustPublish(closedSecretElection)).toBe(true);
    expect(mustPublish(openSecretElection)).toBe(false);
    expect(mustPublish(countedSecretElection)).toBe(false);
    const off = { ...closedSecretElection, secret: { ...closedSecretElection.secret!, mySeat: null } };
    expect(mustPublish(off)).toBe(false);
    const done = { ...closedSecretElection, secret: { ...closedSecretElection.secret!, mySeat: 1 } };
    expect(mustPublish(done)).toBe(false);
    expect(mustPublish(closedMotion)).toBe(false);
    expect(publishedCount(closedMotion)).toBe(0);
  });
});
