import { describe, expect, it } from 'vitest';
import { UndoStack, reverse, stepBetween, type Change } from './history';
import type { AnnotationView } from './types';

const view = (id: string, text: string): AnnotationView => ({
  id,
  documentId: 'd',
  documentTitle: 'T',
  revision: 1,
  page: 0,
  body: { kind: 'note', at: { x: 1, y: 1 }, text },
  colour: 'yellow',
  audience: { kind: 'private' },
  authorId: 'u',
  authorName: 'U',
  mine: true,
  placement: 'original',
  updatedAt: '2026-11-24T08:00:00+07:00',
});

describe('undo stack', () => {
  it('undoes and redoes in order, and forgets the redo side on a new change', () => {
    const stack = new UndoStack<number>();
    expect(stack.canUndo).toBe(false);
    expect(stack.nextUndo()).toBeUndefined();
    stack.record(1);
    stack.record(2);
    expect(stack.nextUndo()).toBe(2);
    stack.markUndone();
    expect(stack.nextUndo()).toBe(1);
    expect(stack.nextRedo()).toBe(2);
    expect(stack.canRedo).toBe(true);
    stack.markRedone();
    expect(stack.nextUndo()).toBe(2);
    expect(stack.canRedo).toBe(false);
    stack.markUndone();
    stack.record(3);
    expect(stack.canRedo).toBe(false);
    expect(stack.nextUndo()).toBe(3);
    stack.markUndone();
    stack.markUndone();
    expect(stack.canUndo).toBe(false);
    stack.markUndone(); // nothing left: no effect
    expect(stack.nextRedo()).toBe(1);
    stack.clear();
    expect(stack.canRedo).toBe(false);
  });

  it('keeps at most its limit, dropping the oldest', () => {
    const stack = new UndoStack<number>(3);
    [1, 2, 3, 4].forEach((n) => stack.record(n));
    const undone: number[] = [];
    while (stack.canUndo) {
      undone.push(stack.nextUndo() as number);
      stack.markUndone();
    }
    expect(undone).toEqual([4, 3, 2]);
  });
});

describe('steps between states', () => {
  const a = view('a', 'trước');
  const b = view('a', 'sau');
  it('undo of a creation deletes, of a deletion saves back the same id, of an edit saves the before', () => {
    const created: Change = { before: null, after: a };
    const deleted: Change = { before: a, after: null };
    const edited: Change = { before: a, after: b };
    const undo = (change: Change) => stepBetween(change.after, change.before);
    const redo = (change: Change) => stepBetween(change.before, change.after);
    expect(undo(created)).toEqual({ kind: 'delete', id: 'a' });
    expect(redo(created)).toEqual({ kind: 'save', view: a });
    expect(undo(deleted)).toEqual({ kind: 'save', view: a });
    expect(redo(deleted)).toEqual({ kind: 'delete', id: 'a' });
    expect(undo(edited)).toEqual({ kind: 'save', view: a });
    expect(redo(edited)).toEqual({ kind: 'save', view: b });
    expect(stepBetween(null, null)).toEqual({ kind: 'none' });
    expect(reverse(edited)).toEqual({ before: b, after: a });
  });
});
