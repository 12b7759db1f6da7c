/**
 * A draft open in the builder: the form, the participants and the agenda rows as the
 * secretary edits them, saved whole (`save_draft`) a moment after each edit or on demand.
 *
 * Every call that changes the draft on the backend goes through one queue, one at a time: a
 * save never overtakes an attachment (it would drop the new document, absent from its list),
 * and an attachment first saves any pending edit so that the item index it names is the one
 * the backend holds.
 */
import { AppError, attachDocument, attachDocumentPath, getDraft, saveDraft, toAppError } from '../ipc';
import type { DocumentKind } from '../types';
import * as agenda from './agenda';
import { isAcceptedFile, readFileBase64, titleFromFileName } from './files';
import { formProblems, formToInfo, infoToForm, type FormProblem, type InfoForm } from './info-form';
import type { AccessKind, DocumentAccess, DraftDocumentView, DraftItemView, DraftView } from './types';

/** A row of the builder: an agenda item with a key that stays with it when it moves. */
export interface EditorRow extends DraftItemView {
  key: number;
}

/** Where saving stands. `blocked`: edits wait until the form's problems are fixed. */
export type SaveState = 'saved' | 'pending' | 'saving' | 'failed' | 'blocked';

/** A file being attached. */
export interface Attaching {
  id: number;
  rowKey: number;
  name: string;
  /** `reading` the file on this computer, then `sending` it (the backend converts and stores it). */
  phase: 'reading' | 'sending';
  /** Share read (0–1) while reading. */
  share: number;
}

/** The choices applied to the next files attached to an item. */
export interface AttachSettings {
  kind: DocumentKind;
  access: AccessKind;
  /** The people named, when `access` is `named`. */
  named: string[];
}

/** The access a document gets from the settings it was attached with. */
export function settingsAccess(settings: AttachSettings): DocumentAccess {
  return settings.access === 'named' ? { kind: 'named', userIds: [...settings.named] } : { kind: settings.access };
}

/** What became of a draft when its builder closed. */
export type BuilderOutcome =
  | { kind: 'closed' }
  | { kind: 'discarded'; title: string }
  | { kind: 'published'; meetingId: string; title: string; participants: number };

/** A failed attachment, shown on its row. */
export interface AttachFailure {
  rowKey: number;
  name: string;
  error: AppError;
}

let nextKey = 1;
let nextAttachId = 1;

function cloneAccess(access: DocumentAccess): DocumentAccess {
  return access.kind === 'named' ? { kind: 'named', userIds: [...access.userIds] } : { kind: access.kind };
}

function toRows(items: readonly DraftItemView[]): EditorRow[] {
  return agenda.normaliseDepths(items.map((item) => ({ ...item, documents: [...item.documents], key: nextKey++ })));
}

function text(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}

function minutes(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

/** A blank agenda item. */
export function blankItem(): DraftItemView {
  return { title: '', presenter: null, presentingAgency: null, durationMinutes: null, depth: 0, documents: [] };
}

/** The state and actions of the draft being edited. */
export class DraftEditor {
  readonly id: string;
  form = $state<InfoForm>() as InfoForm;
  participants = $state<string[]>([]);
  rows = $state<EditorRow[]>([]);
  saveState = $state<SaveState>('saved');
  /** When the last save succeeded (epoch ms). */
  savedAt = $state<number | null>(null);
  /** The last failure of a save. */
  error = $state<AppError | null>(null);
  attaching = $state<Attaching[]>([]);
  failures = $state<AttachFailure[]>([]);

  private readonly autosaveMs: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private version = 0;
  private savedVersion = 0;
  private destroyed = false;

  constructor(draft: DraftView, options: { autosaveMs?: number } = {}) {
    this.id = draft.id;
    this.form = infoToForm(draft.info);
    this.participants = [...draft.participants];
    this.rows = toRows(draft.items);
    this.autosaveMs = options.autosaveMs ?? 1500;
  }

  /** What keeps the form from being saved (or, with `toPublish`, published). */
  problems(toPublish = false): FormProblem[] {
    return formProblems(this.form, this.participants, toPublish);
  }

  /** True while edits are not saved yet (or an attachment is under way). */
  get busy(): boolean {
    return this.version !== this.savedVersion || this.saveState === 'saving' || this.attaching.length > 0;
  }

  /** The whole draft as the backend takes it. */
  toDraft(): DraftView {
    const rows = $state.snapshot(this.rows) as EditorRow[];
    return {
      id: this.id,
      info: formToInfo($state.snapshot(this.form) as InfoForm),
      participants: [...this.participants],
      items: agenda.normaliseDepths(rows).map((row) => ({
        title: row.title.trim(),
        presenter: text(row.presenter),
        presentingAgency: text(row.presentingAgency),
        durationMinutes: minutes(row.durationMinutes),
        depth: row.depth,
        documents: row.documents.map((doc) => ({ ...doc, access: cloneAccess(doc.access) })),
      })),
    };
  }

  /** Call after any edit: saving follows a moment later. */
  edited(): void {
    this.version += 1;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.destroyed) return;
    if (this.problems().length > 0) {
      this.saveState = 'blocked';
      return;
    }
    this.saveState = 'pending';
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.save();
    }, this.autosaveMs);
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The save itself, run from the queue: sends the draft as it is now. */
  private async saveTask(force = false): Promise<boolean> {
    if (!force && this.version === this.savedVersion) return true;
    if (this.problems().length > 0) {
      this.saveState = 'blocked';
      return false;
    }
    const version = this.version;
    this.saveState = 'saving';
    try {
      await saveDraft(this.toDraft());
      this.savedVersion = version;
      this.savedAt = Date.now();
      this.error = null;
      this.saveState = this.version === version ? 'saved' : 'pending';
      return true;
    } catch (reason) {
      this.error = toAppError(reason);
      this.saveState = 'failed';
      return false;
    }
  }

  /**
   * Saves now (the "Lưu" button, or before leaving); resolves to whether all is saved.
   * `force` saves even without a change, so the person pressing "Lưu" sees it done.
   */
  save(force = false): Promise<boolean> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    return this.enqueue(() => this.saveTask(force));
  }

  /** Waits for every pending save and attachment; saves any edit left. */
  async flush(): Promise<boolean> {
    const saved = await this.save();
    await this.queue;
    return saved && this.version === this.savedVersion;
  }

  /** Stops the autosave timer (the builder closed). */
  destroy(): void {
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  // ——— Agenda ———

  /** Adds a blank top-level item at the end; resolves to its key. */
  addItem(): number {
    const row: EditorRow = { ...blankItem(), key: nextKey++ };
    this.rows = [...this.rows, row];
    this.edited();
    return row.key;
  }

  /** The index of the row with `key`, or -1. */
  indexOf(key: number): number {
    return this.rows.findIndex((row) => row.key === key);
  }

  private apply(result: agenda.Moved<EditorRow> | EditorRow[], index: number): number {
    const moved = Array.isArray(result) ? { items: result, index } : result;
    const changed = moved.items.some((row, i) => row !== this.rows[i] || row.depth !== this.rows[i]?.depth);
    this.rows = moved.items;
    if (changed) this.edited();
    return moved.index;
  }

  moveUp(i: number): number {
    return this.apply(agenda.moveUp(this.rows, i), i);
  }

  moveDown(i: number): number {
    return this.apply(agenda.moveDown(this.rows, i), i);
  }

  moveTo(from: number, target: number): number {
    return this.apply(agenda.moveTo(this.rows, from, target), from);
  }

  indent(i: number): number {
    return this.apply(agenda.indent(this.rows, i), i);
  }

  outdent(i: number): number {
    return this.apply(agenda.outdent(this.rows, i), i);
  }

  remove(i: number): void {
    if (i < 0 || i >= this.rows.length) return;
    this.rows = agenda.removeAt(this.rows, i);
    this.edited();
  }

  // ——— Documents ———

  /** Takes a document off its item (it is dropped on the backend at the next save). */
  removeDocument(rowKey: number, documentId: string): void {
    const row = this.rows[this.indexOf(rowKey)];
    if (!row) return;
    row.documents = row.documents.filter((doc) => doc.id !== documentId);
    this.edited();
  }

  /** Forgets a shown attachment failure. */
  dismissFailure(failure: AttachFailure): void {
    this.failures = this.failures.filter((f) => f !== failure);
  }

  private fail(rowKey: number, name: string, error: AppError): void {
    this.failures = [...this.failures.filter((f) => f.rowKey !== rowKey), { rowKey, name, error }];
  }

  /** Puts the documents the backend added (not yet known here) on the row they were attached to. */
  private adopt(rowKey: number, view: DraftView, index: number): void {
    const known = new Set(this.rows.flatMap((row) => row.documents.map((doc) => doc.id)));
    const fromItem = view.items[index]?.documents ?? [];
    const added: DraftDocumentView[] = [
      ...fromItem.filter((doc) => !known.has(doc.id)),
      ...view.items.flatMap((item) => item.documents).filter((doc) => !known.has(doc.id) && !fromItem.includes(doc)),
    ];
    const row = this.rows[this.indexOf(rowKey)];
    if (row && added.length > 0) row.documents = [...row.documents, ...added];
  }

  /**
   * Sends an attachment from the queue: first any pending edit (so the item index matches
   * the backend's), then the file.
   */
  private attachTask(
    entry: Attaching,
    send: (index: number) => Promise<DraftView>,
  ): Promise<boolean> {
    return this.enqueue(async () => {
      entry.phase = 'sending';
      try {
        if (this.version !== this.savedVersion && !(await this.saveTask())) {
          throw this.error ?? new AppError('internal', 'save failed');
        }
        const index = this.indexOf(entry.rowKey);
        if (index < 0) return false;
        const view = await send(index);
        this.adopt(entry.rowKey, view, index);
        return true;
      } catch (reason) {
        this.fail(entry.rowKey, entry.name, toAppError(reason));
        return false;
      } finally {
        this.attaching = this.attaching.filter((a) => a.id !== entry.id);
      }
    });
  }

  /**
   * Takes in what changed on the backend meanwhile (the watch folder added, replaced or
   * removed documents): pending edits are saved first, then the draft is read again.
   */
  refresh(): Promise<boolean> {
    return this.enqueue(async () => {
      try {
        if (this.version !== this.savedVersion && !(await this.saveTask())) return false;
        const view = await getDraft(this.id);
        this.rows = toRows(view.items);
        return true;
      } catch (reason) {
        this.error = toAppError(reason);
        return false;
      }
    });
  }

  /** Attaches a file chosen or dropped in the page: read here, sent as base64. */
  async attachFile(rowKey: number, file: File, kind: DocumentKind, access: DocumentAccess): Promise<boolean> {
    if (!isAcceptedFile(file.name)) {
      this.fail(rowKey, file.name, new AppError('document.unsupported_type', file.name));
      return false;
    }
    this.failures = this.failures.filter((f) => f.rowKey !== rowKey);
    const entry: Attaching = { id: nextAttachId++, rowKey, name: file.name, phase: 'reading', share: 0 };
    this.attaching = [...this.attaching, entry];
    let bytes: string;
    try {
      bytes = await readFileBase64(file, (share) => {
        const shown = this.attaching.find((a) => a.id === entry.id);
        if (shown) shown.share = share;
      });
    } catch (reason) {
      this.attaching = this.attaching.filter((a) => a.id !== entry.id);
      this.fail(rowKey, file.name, toAppError(reason));
      return false;
    }
    const title = titleFromFileName(file.name);
    const shown = this.attaching.find((a) => a.id === entry.id) ?? entry;
    return this.attachTask(shown, (index) => attachDocument(this.id, index, title, kind, cloneAccess(access), bytes));
  }

  /** Attaches a file dropped on the window from the desktop, by its path. */
  attachPath(rowKey: number, path: string, kind: DocumentKind, access: DocumentAccess): Promise<boolean> {
    const name = path.split(/[\\/]/).pop() ?? path;
    if (!isAcceptedFile(name)) {
      this.fail(rowKey, name, new AppError('document.unsupported_type', name));
      return Promise.resolve(false);
    }
    this.failures = this.failures.filter((f) => f.rowKey !== rowKey);
    const entry: Attaching = { id: nextAttachId++, rowKey, name, phase: 'sending', share: 0 };
    this.attaching = [...this.attaching, entry];
    const shown = this.attaching.find((a) => a.id === entry.id) ?? entry;
    return this.attachTask(shown, (index) => attachDocumentPath(this.id, index, path, kind, cloneAccess(access)));
  }
}
