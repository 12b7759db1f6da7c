/**
 * Undo and redo of annotation changes during one viewer session. Each change is recorded as
 * what the annotation was before and after (null: it did not exist), so undoing a creation
 * deletes, undoing a deletion saves it back with the same id, undoing an edit saves the before.
 */
import type { AnnotationView } from './types';

/** One change: the annotation before and after it (null when absent). */
export interface Change {
  before: AnnotationView | null;
  after: AnnotationView | null;
}

/** What to do to go from one side of a change to the other. */
export type Step = { kind: 'save'; view: AnnotationView } | { kind: 'delete'; id: string } | { kind: 'none' };

/** What brings the annotation from `from` to `to`. */
export function stepBetween(from: AnnotationView | null, to: AnnotationView | null): Step {
  if (to) return { kind: 'save', view: to };
  if (from) return { kind: 'delete', id: from.id };
  return { kind: 'none' };
}

/** The change reversed (what undoing it does). */
export function reverse(change: Change): Change {
  return { before: change.after, after: change.before };
}

/** A bounded stack of changes with a redo side; recording a new change forgets what was undone. */
export class UndoStack<T> {
  private readonly done: T[] = [];
  private readonly undone: T[] = [];

  constructor(private readonly limit = 200) {}

  /** Records a change just made. */
  record(entry: T): void {
    this.done.push(entry);
    if (this.done.length > this.limit) this.done.shift();
    this.undone.length = 0;
  }

  /** The change an undo would revert, without taking it. */
  nextUndo(): T | undefined {
    return this.done[this.done.length - 1];
  }

  /** The change a redo would make again, without taking it. */
  nextRedo(): T | undefined {
    return this.undone[this.undone.length - 1];
  }

  /** Moves the last change to the redo side (call once the undo has succeeded). */
  markUndone(): void {
    const entry = this.done.pop();
    if (entry !== undefined) this.undone.push(entry);
  }

  /** Moves the last undone change back (call once the redo has succeeded). */
  markRedone(): void {
    const entry = this.undone.pop();
    if (entry !== undefined) this.done.push(entry);
  }

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  /** Forgets everything. */
  clear(): void {
    this.done.length = 0;
    this.undone.length = 0;
  }
}
