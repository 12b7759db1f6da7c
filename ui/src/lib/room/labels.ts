/** Display texts of the meeting room's wire values, in the current locale. */
import { t } from '../i18n';
import type { ConductPhase, Presence, VoteView } from '../room-types';
import { CONFIDENCE_LEVELS, RULE_CHOICES } from './vote-rules';

/** "Chưa bắt đầu", "Đang họp", "Tạm dừng", "Đã kết thúc". */
export function phaseLabel(phase: ConductPhase): string {
  return t(`phase.${phase}`);
}

/** "Có mặt tại hội trường", "Tham dự trực tuyến", "Vắng mặt". */
export function presenceLabel(presence: Presence): string {
  return t(`presence.${presence}`);
}

/** "Biểu quyết thông qua", "Bầu 2 trong 5 người", … */
export function voteKindLabel(vote: Pick<VoteView, 'kind' | 'options'>): string {
  if (vote.kind.kind === 'election') {
    return t('vote.election', { seats: vote.kind.seats, count: vote.options.length });
  }
  return t(`voteKind.${vote.kind.kind}`);
}

/** The rule in plain words: "Quá nửa tổng số đại biểu", … */
export function voteRuleLabel(vote: Pick<VoteView, 'base' | 'threshold'>): string {
  const rule = RULE_CHOICES.find((r) => r.base === vote.base && r.threshold === vote.threshold);
  return rule ? t(`voteRule.${rule.key}`) : t('voteRule.custom');
}

const MOTION_CHOICES = ['choice.approve', 'choice.against', 'choice.abstain'] as const;

/** The label of option `index`: a motion's standard choices in the current language. */
export function choiceLabel(vote: Pick<VoteView, 'kind' | 'options'>, index: number): string {
  if (vote.kind.kind === 'motion' && index >= 0 && index < MOTION_CHOICES.length) {
    return t(MOTION_CHOICES[index]);
  }
  return vote.options[index] ?? String(index + 1);
}

/** "Tín nhiệm cao", "Tín nhiệm", "Tín nhiệm thấp" for level 0, 1, 2. */
export function levelLabel(level: number): string {
  const name = CONFIDENCE_LEVELS[level];
  return name ? t(`level.${name}`) : String(level);
}

/** What a ballot says, in words: "Tán thành"; "An, Bình"; "An: Tín nhiệm cao; Bình: Tín nhiệm". */
export function describeBallot(vote: Pick<VoteView, 'kind' | 'options'>, choices: readonly number[]): string {
  switch (vote.kind.kind) {
    case 'confidence':
      return choices.map((level, person) => `${vote.options[person] ?? person + 1}: ${levelLabel(level)}`).join('; ');
    case 'election':
      return choices.length === 0 ? t('ballot.nobody') : choices.map((i) => choiceLabel(vote, i)).join(', ');
    default:
      return choices.map((i) => choiceLabel(vote, i)).join(', ');
  }
}
