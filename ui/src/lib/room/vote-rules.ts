/**
 * The plain-words choices of a vote's rule offered to the chair, and how each maps to the
 * wire's base and threshold.
 */
import type { ThresholdChoice, VoteBase, VoteKind, VoteView } from '../room-types';

/** One rule the chair may choose. */
export interface RuleChoice {
  key: 'all_half' | 'present_half' | 'cast_half' | 'all_two_thirds';
  base: VoteBase;
  threshold: ThresholdChoice;
}

/** The rules offered, the law's usual one first. */
export const RULE_CHOICES: readonly RuleChoice[] = [
  { key: 'all_half', base: 'all_members', threshold: 'more_than_half' },
  { key: 'present_half', base: 'present', threshold: 'more_than_half' },
  { key: 'cast_half', base: 'votes_cast', threshold: 'more_than_half' },
  { key: 'all_two_thirds', base: 'all_members', threshold: 'at_least_two_thirds' },
];

/** The kinds of vote, by wire name. */
export type VoteKindName = VoteKind['kind'];

/** All kinds, in the order the form offers them. */
export const VOTE_KINDS: readonly VoteKindName[] = ['motion', 'options', 'election', 'confidence'];

/** Confidence levels in ballot order: 0 tín nhiệm cao, 1 tín nhiệm, 2 tín nhiệm thấp. */
export const CONFIDENCE_LEVELS = ['high', 'ordinary', 'low'] as const;

/** The seats of an election, or 1 for any other kind. */
export function seatsOf(kind: VoteKind): number {
  return kind.kind === 'election' ? kind.seats : 1;
}

/**
 * The names of those who chose each option, from the named ballots of a closed vote. For a
 * confidence vote, index `person * 3 + level`.
 */
export function namesByChoice(vote: VoteView): string[][] {
  const confidence = vote.kind.kind === 'confidence';
  const slots = confidence ? vote.options.length * CONFIDENCE_LEVELS.length : vote.options.length;
  const names: string[][] = Array.from({ length: slots }, () => []);
  for (const ballot of vote.namedBallots) {
    ballot.choices.forEach((choice, position) => {
      if (confidence && (choice < 0 || choice >= CONFIDENCE_LEVELS.length)) return;
      const slot = confidence ? position * CONFIDENCE_LEVELS.length + choice : choice;
      names[slot]?.push(ballot.displayName);
    });
  }
  return names;
}
