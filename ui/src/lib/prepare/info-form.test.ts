import { describe, expect, it } from 'vitest';
import { emptyForm, formProblems, formToInfo, infoToForm, problemField } from './info-form';

describe('the meeting form', () => {
  it('needs a title and a start; the end, if any, after the start', () => {
    expect(formProblems(emptyForm(), [])).toEqual(['title_missing', 'start_missing']);
    const form = { ...emptyForm(), title: '  ', startsLocal: '2026-12-08T08:00', endsLocal: '2026-12-08T07:00' };
    expect(formProblems(form, [])).toEqual(['title_missing', 'end_before_start']);
    expect(formProblems({ ...form, title: 'Phiên họp', endsLocal: '' }, [])).toEqual([]);
  });

  it('needs participants only to publish', () => {
    const form = { ...emptyForm(), title: 'Phiên họp', startsLocal: '2026-12-08T08:00' };
    expect(formProblems(form, [], true)).toEqual(['no_participants']);
    expect(formProblems(form, ['u1'], true)).toEqual([]);
    expect(problemField('no_participants')).toBe('participants');
    expect(problemField('end_before_start')).toBe('ends');
  });

  it('sends times as +07:00 and empty optional fields as null', () => {
    const info = formToInfo({
      title: ' Kỳ họp thứ Mười sáu ',
      body: 'Hội đồng nhân dân tỉnh',
      kind: 'session',
      startsLocal: '2026-12-08T08:00',
      endsLocal: '',
      place: 'Hội trường tỉnh',
      onlineLink: ' ',
    });
    expect(info).toEqual({
      title: 'Kỳ họp thứ Mười sáu',
      body: 'Hội đồng nhân dân tỉnh',
      kind: 'session',
      startsAt: '2026-12-08T08:00:00+07:00',
      endsAt: null,
      place: 'Hội trường tỉnh',
      onlineLink: null,
    });
    expect(infoToForm(info)).toMatchObject({ startsLocal: '2026-12-08T08:00', endsLocal: '', onlineLink: '' });
  });
});
