/**
 * What the viewer knows and does about annotations: those of the open document, the tool in
 * hand, the selected annotation, the note being written, undo and redo, the panel's list of
 * the meeting, sharing and export. Components read its fields (reactive `$state`) and call
 * its methods; every backend call goes through `ipc.ts`.
 */
import { tError, t } from '../i18n';
import {
  deleteAnnotation,
  documentAnnotations,
  exportAnnotatedCopy,
  meetingAnnotations,
  meetingRoster,
  pageChars,
  profileInfo,
  saveAnnotation,
  toAppError,
} from '../ipc';
import type { Role } from '../types';
import { textSelection } from './geometry';
import { UndoStack, stepBetween, type Change, type Step } from './history';
import { smoothStroke } from './ink';
import {
  inputOf,
  type AnnotationColour,
  type AnnotationInput,
  type AnnotationView,
  type Audience,
  type InkWidth,
  type PageChar,
  type Point,
} from './types';

/** The tool in hand: reading and choosing (`none`), or one that marks the page. */
export type Tool = 'none' | 'highlight' | 'underline' | 'ink' | 'note' | 'eraser';

/** Tools that take the pointer on the page (drawing), so a press does not choose an annotation. */
export const DRAWING_TOOLS: readonly Tool[] = ['highlight', 'underline', 'ink', 'note'];

/** A note being written or read in the note dialog. */
export interface NoteDraft {
  /** The note's id, or null for a new note. */
  id: string | null;
  page: number;
  at: Point;
  text: string;
  /** Someone else's note: shown, not changed. */
  readOnly: boolean;
  authorName: string | null;
}

/** Where "export my annotated copy" stands. */
export type ExportState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; path: string } | { kind: 'failed'; code: string };

/** A colleague an annotation can be shared with. */
export interface Person {
  userId: string;
  displayName: string;
}

/** Something to tell the person after an action. */
export interface Notice {
  text: string;
  error: boolean;
}

/** True when a live meeting signal says annotations changed in meeting `meetingId`. */
export function isAnnotationsChanged(event: unknown, meetingId: string): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as { meetingId?: unknown; kind?: unknown; signal?: { kind?: unknown } | null };
  if (record.meetingId !== meetingId) return false;
  const kind = record.signal?.kind ?? record.kind;
  return kind === 'annotations.changed' || kind === 'annotationsChanged';
}

/** State and actions of annotations in one viewer session. */
export class Annotations {
  /** The document whose annotations are shown. */
  documentId = $state<string | null>(null);
  /** Its annotations placed on pages (mine and shared with me). */
  list = $state.raw<AnnotationView[]>([]);
  /** Its text annotations the current revision lost. */
  unplaced = $state.raw<AnnotationView[]>([]);
  /** Why the document's annotations could not be read (an error code), if so. */
  loadError = $state<string | null>(null);

  tool = $state<Tool>('none');
  highlightColour = $state<AnnotationColour>('yellow');
  inkColour = $state<AnnotationColour>('red');
  inkWidth = $state<InkWidth>('thin');

  /** The annotation whose card is shown. */
  selectedId = $state<string | null>(null);
  /** The note dialog, when open. */
  note = $state<NoteDraft | null>(null);
  notice = $state<Notice | null>(null);

  /** The panel's list: every annotation of mine in the meeting and those shared with me. */
  meetingList = $state.raw<AnnotationView[] | null>(null);
  meetingLoading = $state(false);
  meetingError = $state<string | null>(null);

  exportState = $state<ExportState>({ kind: 'idle' });

  role = $state<Role | null>(null);
  userId = $state<string | null>(null);
  people = $state.raw<Person[] | null>(null);
  peopleError = $state<string | null>(null);

  /** The highlight just made by a chair or secretary, offered for live sharing. */
  liveCandidate = $state<string | null>(null);

  private readonly history = new UndoStack<Change>();
  private historyVersion = $state(0);
  private working = false;
  private readonly chars = new Map<string, Promise<PageChar[]>>();
  private serial = 0;

  /** The meeting the viewer is in. */
  readonly meetingId: string;

  constructor(meetingId: string) {
    this.meetingId = meetingId;
  }

  /** The placed annotations by page. */
  readonly byPage = $derived.by(() => {
    const pages = new Map<number, AnnotationView[]>();
    for (const view of this.list) {
      if (view.placement === 'unplaced') continue;
      const onPage = pages.get(view.page) ?? [];
      onPage.push(view);
      pages.set(view.page, onPage);
    }
    return pages;
  });

  /** The selected annotation, wherever it is listed. */
  readonly selected = $derived.by(() => {
    const id = this.selectedId;
    if (id === null) return null;
    return (
      this.list.find((v) => v.id === id) ??
      this.unplaced.find((v) => v.id === id) ??
      this.meetingList?.find((v) => v.id === id) ??
      null
    );
  });

  /** The chair or the secretary: may share a highlight live with the room. */
  readonly mayShareLive = $derived(this.role === 'chair' || this.role === 'secretary');

  get canUndo(): boolean {
    void this.historyVersion;
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    void this.historyVersion;
    return this.history.canRedo;
  }

  /** Learns who this person is (role for live sharing, id to leave them out of the people list). */
  async start(): Promise<void> {
    try {
      const profile = await profileInfo();
      this.role = profile?.role ?? null;
      this.userId = profile?.userId ?? null;
    } catch {
      // Without the profile, nothing is offered that depends on the role.
    }
  }

  /** Reads the annotations of `documentId` (the open document). */
  async load(documentId: string): Promise<void> {
    if (documentId !== this.documentId) {
      this.documentId = documentId;
      this.list = [];
      this.unplaced = [];
      this.selectedId = null;
      this.note = null;
      this.chars.clear();
      this.exportState = { kind: 'idle' };
    }
    const serial = ++this.serial;
    try {
      const answer = await documentAnnotations(this.meetingId, documentId);
      if (serial !== this.serial) return;
      this.list = answer?.annotations ?? [];
      this.unplaced = answer?.unplaced ?? [];
      this.loadError = null;
    } catch (reason) {
      if (serial === this.serial) this.loadError = toAppError(reason).code;
    }
  }

  /** Reads the open document's annotations again (after a live signal). */
  async reload(): Promise<void> {
    if (this.documentId === null) return;
    this.chars.clear();
    await this.load(this.documentId);
  }

  /** Reads the panel's list. */
  async loadMeeting(): Promise<void> {
    this.meetingLoading = true;
    try {
      this.meetingList = (await meetingAnnotations(this.meetingId)) ?? [];
      this.meetingError = null;
    } catch (reason) {
      this.meetingError = toAppError(reason).code;
    } finally {
      this.meetingLoading = false;
    }
  }

  /** Reacts to a live meeting signal. */
  handleSignal(event: unknown): void {
    if (!isAnnotationsChanged(event, this.meetingId)) return;
    void this.reload();
    if (this.meetingList !== null) void this.loadMeeting();
  }

  /** Takes a tool; taking the one in hand again puts it down (back to reading). */
  setTool(tool: Tool): void {
    this.tool = this.tool === tool ? 'none' : tool;
    if (this.tool !== 'none') this.selectedId = null;
    this.notice = null;
  }

  /** The colour the current tool draws with. */
  get colour(): AnnotationColour {
    return this.tool === 'highlight' ? this.highlightColour : this.inkColour;
  }

  /** Chooses the colour of the current tool. */
  setColour(colour: AnnotationColour): void {
    if (this.tool === 'highlight') this.highlightColour = colour;
    else this.inkColour = colour;
  }

  /** The characters of a page of the open document (asked once per page). */
  pageChars(page: number): Promise<PageChar[]> {
    const documentId = this.documentId ?? '';
    const key = `${documentId}/${page}`;
    let chars = this.chars.get(key);
    if (!chars) {
      chars = pageChars(this.meetingId, documentId, page).then((list) => list ?? []);
      chars.catch(() => this.chars.delete(key));
      this.chars.set(key, chars);
    }
    return chars;
  }

  /** Highlights or underlines the text between a press at `from` and a release at `to` on `page`. */
  async markText(kind: 'highlight' | 'underline', page: number, from: Point, to: Point): Promise<AnnotationView | null> {
    if (this.documentId === null) return null;
    let chars: PageChar[];
    try {
      chars = await this.pageChars(page);
    } catch (reason) {
      this.fail(reason);
      return null;
    }
    const selection = textSelection(chars, from, to);
    if (!selection || selection.rects.length === 0) {
      this.notice = { text: t('annot.noText'), error: true };
      return null;
    }
    const saved = await this.create({
      documentId: this.documentId,
      page,
      body: { kind, ...selection },
      colour: kind === 'highlight' ? this.highlightColour : this.inkColour,
      audience: { kind: 'private' },
    });
    if (saved && this.mayShareLive) {
      this.liveCandidate = saved.id;
      this.selectedId = saved.id;
    }
    return saved;
  }

  /** Saves one stroke of ink drawn on `page` (smoothed first). */
  async addInk(page: number, points: readonly Point[]): Promise<AnnotationView | null> {
    const stroke = smoothStroke(points);
    if (stroke.length === 0 || this.documentId === null) return null;
    return this.create({
      documentId: this.documentId,
      page,
      body: { kind: 'ink', strokes: [stroke], width: this.inkWidth },
      colour: this.inkColour,
      audience: { kind: 'private' },
    });
  }

  /** Opens the note dialog for a new note at `at` on `page`. */
  newNote(page: number, at: Point): void {
    this.notice = null;
    this.note = { id: null, page, at, text: '', readOnly: false, authorName: null };
  }

  /** Opens a note to read it, or to change it when it is mine. */
  openNote(view: AnnotationView): void {
    if (view.body.kind !== 'note') return;
    this.notice = null;
    this.note = {
      id: view.id,
      page: view.page,
      at: view.body.at,
      text: view.body.text,
      readOnly: !view.mine,
      authorName: view.mine ? null : view.authorName,
    };
  }

  /** Saves the note being written; false (and the dialog stays) when it is empty or saving failed. */
  async saveNote(text: string): Promise<boolean> {
    const draft = this.note;
    if (!draft || draft.readOnly || this.documentId === null) return false;
    const clean = text.normalize('NFC').trim();
    if (clean === '') {
      this.notice = { text: t('annot.note.empty'), error: true };
      return false;
    }
    let saved: AnnotationView | null;
    if (draft.id === null) {
      saved = await this.create({
        documentId: this.documentId,
        page: draft.page,
        body: { kind: 'note', at: draft.at, text: clean },
        colour: 'yellow',
        audience: { kind: 'private' },
      });
    } else {
      const view = this.find(draft.id);
      if (!view || view.body.kind !== 'note') return false;
      saved = await this.edit(view, { body: { ...view.body, text: clean } });
    }
    if (saved) this.note = null;
    return saved !== null;
  }

  /** Closes the note dialog without saving. */
  cancelNote(): void {
    this.note = null;
  }

  /** My bookmark on `page` of the open document, if any. */
  bookmarkOn(page: number): AnnotationView | null {
    return this.list.find((v) => v.mine && v.page === page && v.body.kind === 'bookmark') ?? null;
  }

  /** Bookmarks `page`, or takes my bookmark off it. */
  async toggleBookmark(page: number): Promise<void> {
    if (this.documentId === null) return;
    const existing = this.bookmarkOn(page);
    if (existing) {
      await this.remove(existing);
      return;
    }
    const saved = await this.create({
      documentId: this.documentId,
      page,
      body: { kind: 'bookmark', label: t('viewer.page', { page: page + 1 }) },
      colour: 'red',
      audience: { kind: 'private' },
    });
    if (saved) this.notice = { text: t('annot.bookmarked', { page: page + 1 }), error: false };
  }

  /** What a press on an annotation does with the tool in hand. */
  activate(view: AnnotationView): void {
    if (this.tool === 'eraser') {
      void this.remove(view);
    } else if (view.body.kind === 'note') {
      this.selectedId = view.id;
      this.openNote(view);
    } else {
      this.selectedId = this.selectedId === view.id ? null : view.id;
    }
  }

  /** Chooses an annotation (its card shows) or none. */
  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Deletes one of my annotations (undo brings it back). */
  async remove(view: AnnotationView): Promise<boolean> {
    if (!view.mine) {
      this.notice = { text: tError('annotation.not_yours'), error: true };
      return false;
    }
    try {
      await deleteAnnotation(this.meetingId, view.id);
    } catch (reason) {
      this.fail(reason);
      return false;
    }
    this.drop(view.id);
    this.record({ before: view, after: null });
    this.notice = { text: t('annot.deleted'), error: false };
    return true;
  }

  /** Changes who may read one of my annotations. */
  async share(view: AnnotationView, audience: Audience): Promise<AnnotationView | null> {
    const saved = await this.edit(view, { audience });
    if (saved) {
      this.notice = { text: t(`annot.sharedNotice.${audience.kind}`), error: false };
      if (this.liveCandidate === view.id) this.liveCandidate = null;
    }
    return saved;
  }

  /** Undoes the last change. */
  async undo(): Promise<void> {
    const entry = this.history.nextUndo();
    if (!entry || this.working) return;
    if (await this.apply(stepBetween(entry.after, entry.before))) {
      this.history.markUndone();
      this.historyVersion += 1;
      this.notice = { text: t('annot.undone'), error: false };
    }
  }

  /** Makes the last undone change again. */
  async redo(): Promise<void> {
    const entry = this.history.nextRedo();
    if (!entry || this.working) return;
    if (await this.apply(stepBetween(entry.before, entry.after))) {
      this.history.markRedone();
      this.historyVersion += 1;
      this.notice = { text: t('annot.redone'), error: false };
    }
  }

  /** The people of the meeting (from the roster), for sharing with some of them. */
  async loadPeople(): Promise<void> {
    if (this.people !== null) return;
    try {
      const roster = await meetingRoster(this.meetingId);
      const seen = new Set<string>();
      const people: Person[] = [];
      for (const line of [...(roster?.lines ?? []), ...(roster?.awaiting ?? [])]) {
        if (line.userId === this.userId || seen.has(line.userId)) continue;
        seen.add(line.userId);
        people.push({ userId: line.userId, displayName: line.displayName });
      }
      this.people = people;
      this.peopleError = null;
    } catch (reason) {
      this.peopleError = toAppError(reason).code;
    }
  }

  /** Writes my annotated copy of the open document as a PDF. */
  async exportCopy(): Promise<void> {
    if (this.exportState.kind === 'busy' || this.documentId === null) return;
    this.exportState = { kind: 'busy' };
    try {
      const path = await exportAnnotatedCopy(this.meetingId, this.documentId);
      this.exportState = { kind: 'done', path };
    } catch (reason) {
      const code = toAppError(reason).code;
      this.exportState = { kind: 'failed', code };
    }
  }

  /** Clears the message shown after an action. */
  dismissNotice(): void {
    this.notice = null;
  }

  /** The annotation with this id, wherever it is listed. */
  find(id: string): AnnotationView | null {
    return (
      this.list.find((v) => v.id === id) ??
      this.unplaced.find((v) => v.id === id) ??
      this.meetingList?.find((v) => v.id === id) ??
      null
    );
  }

  private async create(input: AnnotationInput): Promise<AnnotationView | null> {
    try {
      const saved = await saveAnnotation(this.meetingId, input);
      this.put(saved);
      this.record({ before: null, after: saved });
      this.notice = null;
      return saved;
    } catch (reason) {
      this.fail(reason);
      return null;
    }
  }

  private async edit(view: AnnotationView, changes: Partial<AnnotationInput>): Promise<AnnotationView | null> {
    if (!view.mine) {
      this.notice = { text: tError('annotation.not_yours'), error: true };
      return null;
    }
    try {
      const saved = await saveAnnotation(this.meetingId, { ...inputOf(view), ...changes, id: view.id });
      this.put(saved);
      this.record({ before: view, after: saved });
      return saved;
    } catch (reason) {
      this.fail(reason);
      return null;
    }
  }

  private async apply(step: Step): Promise<boolean> {
    this.working = true;
    try {
      if (step.kind === 'save') {
        this.put(await saveAnnotation(this.meetingId, inputOf(step.view)));
      } else if (step.kind === 'delete') {
        await deleteAnnotation(this.meetingId, step.id);
        this.drop(step.id);
      }
      return true;
    } catch (reason) {
      this.fail(reason);
      return false;
    } finally {
      this.working = false;
    }
  }

  private record(change: Change): void {
    this.history.record(change);
    this.historyVersion += 1;
  }

  /** Shows a saved annotation where it belongs. */
  private put(view: AnnotationView): void {
    const replace = (list: readonly AnnotationView[]) => {
      const index = list.findIndex((v) => v.id === view.id);
      if (index < 0) return [...list, view];
      const copy = [...list];
      copy[index] = view;
      return copy;
    };
    const without = (list: readonly AnnotationView[]) => list.filter((v) => v.id !== view.id);
    if (view.documentId === this.documentId) {
      if (view.placement === 'unplaced') {
        this.unplaced = replace(this.unplaced);
        this.list = without(this.list);
      } else {
        this.list = replace(this.list);
        this.unplaced = without(this.unplaced);
      }
    }
    if (this.meetingList !== null) this.meetingList = replace(this.meetingList);
  }

  /** Forgets a deleted annotation everywhere. */
  private drop(id: string): void {
    this.list = this.list.filter((v) => v.id !== id);
    this.unplaced = this.unplaced.filter((v) => v.id !== id);
    if (this.meetingList !== null) this.meetingList = this.meetingList.filter((v) => v.id !== id);
    if (this.selectedId === id) this.selectedId = null;
    if (this.liveCandidate === id) this.liveCandidate = null;
  }

  private fail(reason: unknown): void {
    this.notice = { text: tError(toAppError(reason).code), error: true };
  }
}
