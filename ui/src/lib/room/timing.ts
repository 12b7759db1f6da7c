/**
 * Timers of the meeting room, measured on the server's clock: a view carries `serverNowMs`,
 * the room keeps the offset from this computer's clock, and these pure functions do the rest.
 */

/** The last seconds of a speaker's time, shown as a warning. */
export const WARNING_SECS = 30;

/** How a speaker's time stands. */
export type TimerLevel = 'normal' | 'warning' | 'over';

/** A speaker's timer. */
export interface SpeakerTimer {
  /** Seconds since the floor was given. */
  elapsedSecs: number;
  /** Seconds left (negative once over), or null when there is no limit. */
  remainingSecs: number | null;
  level: TimerLevel;
}

/** The timer of someone given the floor at `grantedAtMs`, at server time `nowMs`. */
export function speakerTimer(grantedAtMs: number, nowMs: number, limitSecs: number): SpeakerTimer {
  const elapsedSecs = Math.max(0, Math.floor((nowMs - grantedAtMs) / 1000));
  if (limitSecs <= 0) return { elapsedSecs, remainingSecs: null, level: 'normal' };
  const remainingSecs = limitSecs - elapsedSecs;
  const level: TimerLevel = remainingSecs < 0 ? 'over' : remainingSecs <= WARNING_SECS ? 'warning' : 'normal';
  return { elapsedSecs, remainingSecs, level };
}

/** Whole seconds left until `closesAtMs` at server time `nowMs` (never below zero). */
export function secondsLeft(closesAtMs: number, nowMs: number): number {
  return Math.max(0, Math.ceil((closesAtMs - nowMs) / 1000));
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "04:05", or "1:02:03" past an hour; the sign is dropped. */
export function formatDuration(totalSecs: number): string {
  const secs = Math.abs(Math.trunc(totalSecs));
  const hours = Math.floor(secs / 3600);
  const minutes = Math.floor((secs % 3600) / 60);
  const seconds = secs % 60;
  return hours > 0 ? `${hours}:${pad2(minutes)}:${pad2(seconds)}` : `${pad2(minutes)}:${pad2(seconds)}`;
}

/** The offset to add to this computer's clock to read the server's, from a view read at `localMs`. */
export function clockOffset(serverNowMs: number, localMs: number): number {
  return serverNowMs - localMs;
}
