import { emit } from '@tauri-apps/api/event';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConductView } from '../room-types';
import { chair, conduct, member, openMotion, roster } from '../../test/room-fixtures';
import { RoomState, takesPart } from './room-state.svelte';

afterEach(() => clearMocks());

const MEETING = conduct.meetingId;

describe('RoomState', () => {
  it('never lets an older answer replace a newer one', async () => {
    const answers: ((view: ConductView) => void)[] = [];
    mockIPC((cmd) => {
      if (cmd === 'conduct_state') return new Promise<ConductView>((resolve) => answers.push(resolve));
      return null;
    });
    const room = new RoomState(MEETING, member);
    const first = room.refreshConduct();
    const second = room.refreshConduct();
    await Promise.resolve();
    answers[1]({ ...conduct, currentItem: '2' });
    await second;
    answers[0]({ ...conduct, currentItem: '1' });
    await first;
    expect(room.conduct?.currentItem).toBe('2');
  });

  it('follows live signals of its meeting until stopped', async () => {
    let rosterReads = 0;
    mockIPC(
      (cmd) => {
        switch (cmd) {
          case 'meeting_roster':
            rosterReads += 1;
            return roster;
          case 'conduct_state':
            return conduct;
          case 'meeting_votes':
            return [openMotion];
          default:
            return null;
        }
      },
      { shouldMockEvents: true },
    );
    const room = new RoomState(MEETING, chair);
    await room.start();
    expect(room.loading).toBe(false);
    expect(room.votes).toHaveLength(1);
    // The server's clock is read from the views, whatever this computer's says.
    expect(Math.abs(room.serverNow - conduct.serverNowMs)).toBeLessThan(2000);

    await emit('phonghop://meeting', { meetingId: MEETING, signal: { kind: 'presenterPage', documentId: 'd1', page: 2 } });
    expect(room.presenter).toEqual({ documentId: 'd1', page: 2 });
    await emit('phonghop://meeting', { meetingId: MEETING, signal: { kind: 'unknown' } });
    await emit('phonghop://meeting', { meetingId: MEETING, signal: { kind: 'attendanceChanged' } });
    expect(rosterReads).toBe(2);

    room.stop();
    await emit('phonghop://meeting', { meetingId: MEETING, signal: { kind: 'attendanceChanged' } });
    expect(rosterReads).toBe(2);
  });

  it('shows an unreachable server as offline, other failures in the banner', async () => {
    mockIPC((cmd) =>
      cmd === 'meeting_roster'
        ? Promise.reject({ code: 'sync.unreachable', message: 'down' })
        : Promise.reject({ code: 'auth.forbidden', message: 'no' }),
    );
    const room = new RoomState(MEETING, member);
    expect(await room.refreshRoster()).toBe(false);
    expect(room.offline).toBe(true);
    expect(room.error).toBeNull();
    expect(await room.conductAction({ kind: 'start' })).toBe(false);
    expect(room.error?.code).toBe('auth.forbidden');
  });

  it('finds "me" by user id, never by a name two people may share', () => {
    const byId = new RoomState(MEETING, member);
    expect(byId.isMe('u-hoa')).toBe(true);
    expect(byId.isMe('u-other')).toBe(false);
    expect(new RoomState(MEETING, null).isMe('u-hoa')).toBe(false);
    expect([takesPart('chair'), takesPart('member'), takesPart('guest'), takesPart('admin')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
