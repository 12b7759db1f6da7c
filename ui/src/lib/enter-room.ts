/**
 * How a meeting card asks the app to open the meeting room, without threading a callback
 * through the list: the app provides it as a Svelte context (like `open-document.ts`).
 */
import { getContext, setContext } from 'svelte';

/** Opens the meeting room of meeting `meetingId`. */
export type EnterRoom = (meetingId: string) => void;

const KEY = Symbol('enter-room');

/** Called by the app: cards below it open the room through `enter`. */
export function provideEnterRoom(enter: EnterRoom): void {
  setContext(KEY, enter);
}

/** Called by a meeting card: the opener, or null where there is no room (tests of lists). */
export function useEnterRoom(): EnterRoom | null {
  return getContext<EnterRoom | undefined>(KEY) ?? null;
}
