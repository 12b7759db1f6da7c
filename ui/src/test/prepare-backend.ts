/**
 * A fake Rust side for preparing meetings: keeps drafts in memory like the real one (a save
 * replaces the whole draft and drops documents listed in no item), answers the other
 * commands from fixtures or from handlers a test gives, and records every call.
 */
import { mockIPC } from '@tauri-apps/api/mocks';
import type { DraftView, MeetingInfoInput } from '../lib/prepare/types';
import type { MeetingView, ProfileInfo } from '../lib/types';
import { secretary, syncReport } from './fixtures';
import { board, people } from './prepare-fixtures';

export type Args = Record<string, unknown>;

export interface PrepareBackendOptions {
  drafts?: DraftView[];
  profile?: ProfileInfo | null;
  meetings?: MeetingView[];
  handlers?: Record<string, (args: Args) => unknown>;
}

/** Installs the fake backend. */
export function prepareBackend(options: PrepareBackendOptions = {}) {
  const state = {
    drafts: new Map((options.drafts ?? []).map((d) => [d.id, structuredClone(d)])),
    meetings: options.meetings ?? [],
    profile: options.profile === undefined ? secretary : options.profile,
    nextDraft: 100,
    nextDocument: 100,
  };
  const calls: [string, Args][] = [];
  mockIPC(
    (cmd, args) => {
      const a = (args ?? {}) as Args;
      calls.push([cmd, a]);
      const handler = options.handlers?.[cmd];
      if (handler) return handler(a);
      switch (cmd) {
        case 'profile_info':
          return state.profile;
        case 'list_meetings':
          return state.meetings;
        case 'sync_now':
          return syncReport;
        case 'directory_people':
          return people;
        case 'list_drafts':
          return [...state.drafts.values()].map((d) => ({
            id: d.id,
            title: d.info.title,
            startsAt: d.info.startsAt,
            items: d.items.length,
            documents: d.items.reduce((n, item) => n + item.documents.length, 0),
          }));
        case 'get_draft': {
          const found = state.drafts.get(a.draftId as string);
          return found ? structuredClone(found) : Promise.reject({ code: 'draft.not_found', message: 'no draft' });
        }
        case 'create_draft': {
          const info = a.info as MeetingInfoInput;
          if (info.title.trim() === '') return Promise.reject({ code: 'draft.empty_title', message: 'empty' });
          const created: DraftView = { id: `dr-${state.nextDraft++}`, info, participants: a.participants as string[], items: [] };
          state.drafts.set(created.id, structuredClone(created));
          return created;
        }
        case 'save_draft': {
          const saved = structuredClone(a.draft as DraftView);
          state.drafts.set(saved.id, saved);
          return saved;
        }
        case 'discard_draft':
          state.drafts.delete(a.draftId as string);
          return null;
        case 'attach_document':
        case 'attach_document_path': {
          const target = state.drafts.get(a.draftId as string);
          if (!target) return Promise.reject({ code: 'draft.not_found', message: 'no draft' });
          const item = target.items[a.item as number];
          if (!item) return Promise.reject({ code: 'internal', message: 'no item' });
          const bytes = typeof a.bytesBase64 === 'string' ? (a.bytesBase64.length * 3) / 4 : 4096;
          const title = typeof a.title === 'string' ? a.title : String(a.path).split('/').pop()!.replace(/\.[^.]+$/, '');
          item.documents.push({
            id: `doc-${state.nextDocument++}`,
            title,
            kind: a.kind as DraftView['items'][number]['documents'][number]['kind'],
            access: a.access as DraftView['items'][number]['documents'][number]['access'],
            sizeBytes: bytes,
          });
          return structuredClone(target);
        }
        case 'publish_draft':
          state.drafts.delete(a.draftId as string);
          return 'm-published';
        case 'clone_meeting': {
          const clone: DraftView = {
            id: `dr-${state.nextDraft++}`,
            info: {
              title: 'Bản sao: Phiên họp giải trình',
              body: 'Thường trực HĐND tỉnh',
              kind: 'sitting',
              startsAt: '2027-01-18T08:00:00+07:00',
              endsAt: null,
              place: 'Phòng họp số 1',
              onlineLink: null,
            },
            participants: ['u-chair', 'u-hoa'],
            items: [{ title: 'Giải trình của Sở Xây dựng', presenter: null, presentingAgency: 'Sở Xây dựng', durationMinutes: 45, depth: 0, documents: [] }],
          };
          state.drafts.set(clone.id, structuredClone(clone));
          return clone;
        }
        case 'meeting_readiness':
          return board;
        case 'revise_document':
          return { revision: 3, chunks: 12, chunksSent: 4, bytesSent: 262_144 };
        case 'postpone_meeting':
        case 'cancel_meeting':
        case 'rsvp':
          return null;
        default:
          if (cmd.startsWith('plugin:')) return 0;
          return Promise.reject({ code: 'internal', message: `unexpected ${cmd}` });
      }
    },
    { shouldMockEvents: true },
  );
  const called = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
  const names = () => calls.map(([c]) => c).filter((c) => !c.startsWith('plugin:'));
  return { state, calls, called, names };
}

/** A file as the file picker gives it. */
export function pdfFile(name = 'Tờ trình số 12.pdf', text = '%PDF-1.7 tờ trình'): File {
  return new File([new TextEncoder().encode(text)], name, { type: 'application/pdf' });
}

/** Puts `files` in a file input and fires its change, as a person choosing them would. */
export function chooseFiles(input: HTMLElement, files: File[]): Event {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  const event = new Event('change', { bubbles: true });
  input.dispatchEvent(event);
  return event;
}
