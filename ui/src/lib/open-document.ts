/**
 * How a document line asks the app to open the viewer, without threading a callback
 * through every list component: the app provides it as a Svelte context.
 */
import { getContext, setContext } from 'svelte';
import type { DocumentView } from './types';

/** Opens `doc` of meeting `meetingId` in the viewer. */
export type OpenDocument = (meetingId: string, doc: DocumentView) => void;

const KEY = Symbol('open-document');

/** Called by the app: documents opened below it go to `open`. */
export function provideOpenDocument(open: OpenDocument): void {
  setContext(KEY, open);
}

/** Called by a document line: the opener, or null where there is no viewer (tests of lists). */
export function useOpenDocument(): OpenDocument | null {
  return getContext<OpenDocument | undefined>(KEY) ?? null;
}
