/**
 * A fake Rust side for meeting-room tests: answers the three readings from a mutable state,
 * lets a test answer any other command, and records every call with its arguments.
 */
import { render, screen, waitFor } from '@testing-library/svelte';
import { mockIPC } from '@tauri-apps/api/mocks';
import { expect, vi } from 'vitest';
import MeetingRoom from '../lib/components/room/MeetingRoom.svelte';
import type { ConductView, RosterView, VoteView } from '../lib/room-types';
import type { ProfileInfo } from '../lib/types';
import { sessionMeeting } from './fixtures';
import { conduct, roster } from './room-fixtures';

export type Args = Record<string, unknown>;

export interface BackendOptions {
  roster?: RosterView;
  conduct?: ConductView;
  votes?: VoteView[];
  handlers?: Record<string, (args: Args) => unknown>;
}

/** A fake backend for the room: answers the three readings from `state`, records every call. */
export function backend(options: BackendOptions = {}) {
  const state = {
    roster: options.roster ?? roster,
    conduct: options.conduct ?? conduct,
    votes: options.votes ?? [],
  };
  const calls: [string, Args][] = [];
  mockIPC(
    (cmd, args) => {
      calls.push([cmd, args as Args]);
      const handler = options.handlers?.[cmd];
      if (handler) return handler(args as Args);
      switch (cmd) {
        case 'meeting_roster':
          return state.roster;
        case 'conduct_state':
          return state.conduct;
        case 'meeting_votes':
          return state.votes;
        default:
          return Promise.reject({ code: 'internal', message: `unexpected ${cmd}` });
      }
    },
    { shouldMockEvents: true },
  );
  const called = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
  return { state, calls, called };
}

/** Renders the room of the sample meeting for `profile`. */
export function renderRoom(profile: ProfileInfo) {
  const onClose = vi.fn();
  const onFollowPresenter = vi.fn();
  const result = render(MeetingRoom, { meeting: sessionMeeting, profile, onClose, onFollowPresenter });
  return { ...result, onClose, onFollowPresenter };
}

/** Waits until the first readings are shown. */
export async function loaded() {
  await waitFor(() => expect(screen.queryByTestId('room-loading')).toBeNull());
}

/** The text of the element with this test id, whitespace collapsed. */
export const text = (id: string) => screen.getByTestId(id).textContent?.replace(/\s+/g, ' ').trim();
