/**
 * A fake Rust side for annotation tests: two documents, annotations kept in a mutable state
 * (saved, deleted, listed as the backend would), page characters, export, the roster and
 * the profile; records every call with its arguments.
 */
import { mockIPC } from '@tauri-apps/api/mocks';
import type { AnnotationInput, AnnotationView, PageChar } from '../lib/annotations/types';
import type { DocumentLayout, ProfileInfo } from '../lib/types';
import { member, rosterWithHoa } from './room-fixtures';

export type Args = Record<string, unknown>;

/** The proposal: three A4 pages. */
export const proposal: DocumentLayout = {
  meetingId: 'm1',
  documentId: 'd1',
  title: 'Tờ trình về dự toán ngân sách năm 2027',
  pages: [0, 1, 2].map(() => ({ widthPt: 595, heightPt: 842, label: null })),
  outline: [],
};

/** The report: five A4 pages. */
export const report: DocumentLayout = {
  meetingId: 'm1',
  documentId: 'd3',
  title: 'Báo cáo kinh tế – xã hội năm 2026',
  pages: [0, 1, 2, 3, 4].map(() => ({ widthPt: 595, heightPt: 842, label: null })),
  outline: [],
};

/** Characters of `text` on one line from `x` at baseline `bottom`: 10 points each, 12 high. */
export function textLine(text: string, x: number, bottom: number): PageChar[] {
  return [...text].map((ch, i) => ({ ch, left: x + 10 * i, bottom, right: x + 10 * i + 9, top: bottom + 12 }));
}

/** The top line of page 1: "Ngân sách năm 2027" from x = 100 at y = 700. */
export const PAGE_CHARS: PageChar[] = [
  ...textLine('Ngân sách năm 2027', 100, 700),
  { ch: '\r', left: 0, bottom: 0, right: 0, top: 0 },
  { ch: '\n', left: 0, bottom: 0, right: 0, top: 0 },
  ...textLine('Tổng thu', 100, 680),
];

/** An annotation as the backend returns it; Hoa's own unless told. */
export function annotation(overrides: Partial<AnnotationView> & Pick<AnnotationView, 'id' | 'body'>): AnnotationView {
  return {
    documentId: 'd1',
    documentTitle: proposal.title,
    revision: 2,
    page: 0,
    colour: 'yellow',
    audience: { kind: 'private' },
    authorId: 'u-hoa',
    authorName: 'Lê Thị Hoa',
    mine: true,
    placement: 'original',
    updatedAt: '2026-11-24T08:40:00+07:00',
    ...overrides,
  };
}

/** Hoa's highlight of "Ngân sách" on page 1 of the proposal. */
export const myHighlight = annotation({
  id: 'h1',
  body: {
    kind: 'highlight',
    start: 0,
    end: 9,
    quote: 'Ngân sách',
    rects: [{ left: 100, bottom: 700, right: 189, top: 712 }],
  },
});

/** Bình's highlight of "Tổng thu", shared with the whole meeting. */
export const binhHighlight = annotation({
  id: 'b1',
  colour: 'green',
  authorId: 'u-binh',
  authorName: 'Phạm Văn Bình',
  mine: false,
  audience: { kind: 'meeting' },
  body: {
    kind: 'highlight',
    start: 20,
    end: 28,
    quote: 'Tổng thu',
    rects: [{ left: 100, bottom: 680, right: 179, top: 692 }],
  },
});

export interface AnnotationBackendOptions {
  annotations?: AnnotationView[];
  unplaced?: AnnotationView[];
  /** What `meeting_annotations` answers (else every annotation held). */
  meeting?: AnnotationView[];
  profile?: ProfileInfo;
  handlers?: Record<string, (args: Args) => unknown>;
}

/** Installs the fake backend; `state.annotations` holds what it has saved. */
export function annotationBackend(options: AnnotationBackendOptions = {}) {
  const state = {
    annotations: [...(options.annotations ?? [])],
    unplaced: [...(options.unplaced ?? [])],
  };
  const calls: [string, Args][] = [];
  let next = 0;
  mockIPC(
    (cmd, raw) => {
      const args = (raw ?? {}) as Args;
      calls.push([cmd, args]);
      const handler = options.handlers?.[cmd];
      if (handler) return handler(args);
      switch (cmd) {
        case 'profile_info':
          return options.profile ?? member;
        case 'open_document':
          return args.documentId === 'd3' ? report : proposal;
        case 'close_document':
        case 'present_page':
          return null;
        case 'document_annotations':
          return {
            annotations: state.annotations.filter((a) => a.documentId === args.documentId),
            unplaced: state.unplaced.filter((a) => a.documentId === args.documentId),
          };
        case 'meeting_annotations':
          return options.meeting ?? [...state.annotations, ...state.unplaced];
        case 'page_chars':
          return PAGE_CHARS;
        case 'meeting_roster':
          return rosterWithHoa;
        case 'save_annotation': {
          const input = args.annotation as AnnotationInput;
          const saved = annotation({
            ...input,
            id: input.id ?? `new-${++next}`,
            documentTitle: input.documentId === 'd3' ? report.title : proposal.title,
          });
          const index = state.annotations.findIndex((a) => a.id === saved.id);
          if (index >= 0) state.annotations[index] = saved;
          else state.annotations.push(saved);
          return saved;
        }
        case 'delete_annotation':
          state.annotations = state.annotations.filter((a) => a.id !== args.annotationId);
          state.unplaced = state.unplaced.filter((a) => a.id !== args.annotationId);
          return null;
        case 'export_annotated_copy':
          return 'C:\\Users\\hoa\\Documents\\Tờ trình - bản có ghi chú.pdf';
        default:
          return Promise.reject({ code: 'internal', message: `unexpected ${cmd}` });
      }
    },
    { shouldMockEvents: true },
  );
  const called = (cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
  return { state, calls, called };
}
