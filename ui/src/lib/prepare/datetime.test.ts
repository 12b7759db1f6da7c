import { describe, expect, it } from 'vitest';
import { checkLocalTimes, localToRfc3339, rfc3339ToLocal } from './datetime';

describe('datetime-local ↔ RFC 3339 in Vietnam time', () => {
  it('sends a typed time as +07:00', () => {
    expect(localToRfc3339('2026-11-24T08:00')).toBe('2026-11-24T08:00:00+07:00');
    expect(localToRfc3339('2026-11-24T08:00:30')).toBe('2026-11-24T08:00:30+07:00');
    expect(localToRfc3339(' 2027-01-05T14:30 ')).toBe('2027-01-05T14:30:00+07:00');
  });

  it('refuses empty, malformed and impossible dates', () => {
    expect(localToRfc3339('')).toBeNull();
    expect(localToRfc3339('24/11/2026 08:00')).toBeNull();
    expect(localToRfc3339('2026-02-29T08:00')).toBeNull();
    expect(localToRfc3339('2026-04-31T08:00')).toBeNull();
    expect(localToRfc3339('2026-11-24T24:00')).toBeNull();
    expect(localToRfc3339('2028-02-29T08:00')).toBe('2028-02-29T08:00:00+07:00');
  });

  it('shows any RFC 3339 time in Vietnam time', () => {
    expect(rfc3339ToLocal('2026-11-24T08:00:00+07:00')).toBe('2026-11-24T08:00');
    expect(rfc3339ToLocal('2026-11-24T01:00:00Z')).toBe('2026-11-24T08:00');
    expect(rfc3339ToLocal('2026-12-31T18:30:00Z')).toBe('2027-01-01T01:30');
    expect(rfc3339ToLocal(null)).toBe('');
    expect(rfc3339ToLocal('soon')).toBe('');
  });

  it('round-trips', () => {
    const local = '2026-12-08T07:45';
    expect(rfc3339ToLocal(localToRfc3339(local))).toBe(local);
  });
});

describe('checking the times of a form', () => {
  it('needs a start, and an end strictly after it when given', () => {
    expect(checkLocalTimes('', '')).toBe('start_missing');
    expect(checkLocalTimes('2026-13-01T08:00', '')).toBe('start_invalid');
    expect(checkLocalTimes('2026-11-24T08:00', '')).toBeNull();
    expect(checkLocalTimes('2026-11-24T08:00', '2026-11-24T11:30')).toBeNull();
    expect(checkLocalTimes('2026-11-24T08:00', '2026-11-24T08:00')).toBe('end_before_start');
    expect(checkLocalTimes('2026-11-24T08:00', '2026-11-23T17:00')).toBe('end_before_start');
    expect(checkLocalTimes('2026-11-24T08:00', 'x')).toBe('end_invalid');
  });
});
