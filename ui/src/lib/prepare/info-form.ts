/**
 * The meeting form as typed (plain strings, times as datetime-local values in Vietnam time)
 * and its checks, apart from any component so they can be tested alone.
 */
import type { MeetingKind } from '../types';
import { checkLocalTimes, localToRfc3339, rfc3339ToLocal, type TimeProblem } from './datetime';
import type { MeetingInfoInput } from './types';

/** What the form's fields hold. */
export interface InfoForm {
  title: string;
  body: string;
  kind: MeetingKind;
  startsLocal: string;
  endsLocal: string;
  place: string;
  onlineLink: string;
}

/** A blank form: a session (kỳ họp) with no time yet. */
export function emptyForm(): InfoForm {
  return { title: '', body: '', kind: 'session', startsLocal: '', endsLocal: '', place: '', onlineLink: '' };
}

/** The form showing a draft's information. */
export function infoToForm(info: MeetingInfoInput): InfoForm {
  return {
    title: info.title,
    body: info.body,
    kind: info.kind,
    startsLocal: rfc3339ToLocal(info.startsAt),
    endsLocal: rfc3339ToLocal(info.endsAt),
    place: info.place,
    onlineLink: info.onlineLink ?? '',
  };
}

/**
 * The information to send: texts trimmed, times as RFC 3339 +07:00 (an unreadable start is
 * sent empty for the backend to refuse), empty end and link as `null`.
 */
export function formToInfo(form: InfoForm): MeetingInfoInput {
  const link = form.onlineLink.trim();
  return {
    title: form.title.trim(),
    body: form.body.trim(),
    kind: form.kind,
    startsAt: localToRfc3339(form.startsLocal) ?? '',
    endsAt: form.endsLocal.trim() === '' ? null : (localToRfc3339(form.endsLocal) ?? ''),
    place: form.place.trim(),
    onlineLink: link === '' ? null : link,
  };
}

/** Something that keeps the form from being sent. */
export type FormProblem = 'title_missing' | TimeProblem | 'no_participants';

/** The form's field a problem belongs to. */
export function problemField(problem: FormProblem): 'title' | 'starts' | 'ends' | 'participants' {
  switch (problem) {
    case 'title_missing':
      return 'title';
    case 'start_missing':
    case 'start_invalid':
      return 'starts';
    case 'end_invalid':
    case 'end_before_start':
      return 'ends';
    case 'no_participants':
      return 'participants';
  }
}

/**
 * What is wrong with the form, in field order: a title, a start, an end after the start,
 * and (to publish) at least one participant.
 */
export function formProblems(
  form: InfoForm,
  participants: readonly string[],
  requireParticipants = false,
): FormProblem[] {
  const problems: FormProblem[] = [];
  if (form.title.trim() === '') problems.push('title_missing');
  const time = checkLocalTimes(form.startsLocal, form.endsLocal);
  if (time) problems.push(time);
  if (requireParticipants && participants.length === 0) problems.push('no_participants');
  return problems;
}
