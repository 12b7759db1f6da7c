/**
 * Pure helpers of secret ballots (bỏ phiếu kín, issue 9): the committee's default threshold,
 * the receipt as shown, and where the counting stands.
 */
import type { CommitteeSeat, VoteView } from '../room-types';

/** The default number of committee members needed to open the tally: a majority of `n`. */
export function majorityOf(n: number): number {
  return n < 1 ? 1 : Math.floor(n / 2) + 1;
}

/** The receipt as read aloud and compared: its first 16 hex characters in groups of 4. */
export function shortReceipt(hash: string): string {
  const head = hash.replace(/\s+/g, '').slice(0, 16);
  return (head.match(/.{1,4}/g) ?? []).join(' ');
}

/** Committee members who have published their partial decryption. */
export function publishedCount(vote: Pick<VoteView, 'secret'>): number {
  return vote.secret ? vote.secret.committee.filter((seat) => seat.published).length : 0;
}

/** This person's seat on the vote's counting committee, if they sit on it. */
export function mySeatOf(vote: Pick<VoteView, 'secret'>): CommitteeSeat | null {
  const secret = vote.secret;
  if (!secret || secret.mySeat === null) return null;
  return secret.committee.find((seat) => seat.index === secret.mySeat) ?? null;
}

/**
 * True when this person must still publish their partial decryption: a closed secret vote
 * whose result is not open yet, and their seat has not published.
 */
export function mustPublish(vote: Pick<VoteView, 'secret' | 'state' | 'result'>): boolean {
  const seat = mySeatOf(vote);
  return vote.state === 'closed' && vote.result === null && seat !== null && !seat.published;
}
