import { describe, expect, it } from 'vitest';
import {
  agendaNumbers,
  blockEnd,
  canIndent,
  canMoveDown,
  canMoveUp,
  canOutdent,
  childCount,
  indent,
  moveDown,
  moveTo,
  moveUp,
  normaliseDepths,
  outdent,
  removeAt,
} from './agenda';

interface Row {
  t: string;
  depth: 0 | 1;
}

/** "A a1 a2 B b1 C" → rows (lower case = sub-item). */
function rows(spec: string): Row[] {
  return spec.split(' ').map((t) => ({ t, depth: t === t.toLowerCase() ? 1 : 0 }));
}

/** Rows back to the spec form, with each row's depth as written. */
function spec(items: Row[]): string {
  return items.map((r) => (r.depth === 1 ? r.t.toLowerCase() : r.t.toUpperCase())).join(' ');
}

describe('numbering', () => {
  it('numbers items 1, 1.1, 1.2, 2 …', () => {
    expect(agendaNumbers(rows('A a1 a2 B C c1'))).toEqual(['1', '1.1', '1.2', '2', '3', '3.1']);
    expect(agendaNumbers([])).toEqual([]);
  });

  it('counts a leading sub-item as top level, and normalising fixes it', () => {
    const odd = rows('a1 B');
    expect(agendaNumbers(odd)).toEqual(['1', '2']);
    expect(spec(normaliseDepths(odd))).toBe('A1 B');
  });

  it('knows blocks and sub-item counts', () => {
    const items = rows('A a1 a2 B');
    expect(blockEnd(items, 0)).toBe(3);
    expect(blockEnd(items, 1)).toBe(2);
    expect(blockEnd(items, 3)).toBe(4);
    expect(childCount(items, 0)).toBe(2);
    expect(childCount(items, 3)).toBe(0);
  });
});

describe('moving up and down', () => {
  it('moves a top-level item with its sub-items past the neighbouring block', () => {
    const items = rows('A a1 B b1 b2 C');
    const up = moveUp(items, 2);
    expect(spec(up.items)).toBe('B b1 b2 A a1 C');
    expect(up.index).toBe(0);
    const down = moveDown(items, 0);
    expect(spec(down.items)).toBe('B b1 b2 A a1 C');
    expect(down.index).toBe(3);
    expect(items.map((r) => r.t).join(' ')).toBe('A a1 B b1 b2 C'); // input untouched
  });

  it('moves a sub-item among its siblings, and across to the neighbouring block', () => {
    const items = rows('A a1 B b1 b2');
    expect(spec(moveUp(items, 4).items)).toBe('A a1 B b2 b1');
    // Above its parent, b1 becomes the last sub-item of A.
    const joined = moveUp(items, 3);
    expect(spec(joined.items)).toBe('A a1 b1 B b2');
    expect(joined.index).toBe(2);
    // Below the next top-level row, a1 becomes its first sub-item.
    expect(spec(moveDown(items, 1).items)).toBe('A B a1 b1 b2');
  });

  it('does nothing at the edges', () => {
    const items = rows('A a1 B');
    expect(canMoveUp(items, 0)).toBe(false);
    expect(canMoveUp(items, 1)).toBe(false); // a1 has no block above to join
    expect(canMoveDown(items, 2)).toBe(false);
    expect(canMoveDown(rows('A a1'), 0)).toBe(false);
    expect(spec(moveUp(items, 1).items)).toBe('A a1 B');
    expect(moveDown(items, 2).index).toBe(2);
  });
});

describe('drag and drop', () => {
  it('moves a block before the row it is dropped on', () => {
    const items = rows('A a1 B C');
    expect(spec(moveTo(items, 3, 0).items)).toBe('C A a1 B');
    expect(spec(moveTo(items, 0, 4).items)).toBe('B C A a1');
    expect(moveTo(items, 0, 4).index).toBe(2);
  });

  it('never puts a top-level block between a row and its sub-items', () => {
    const items = rows('A a1 a2 B');
    // Dropped on a2 going up: B lands before A's block.
    expect(spec(moveTo(items, 3, 2).items)).toBe('B A a1 a2');
    // A dropped below a sub-item of C, going down: after C's block.
    expect(spec(moveTo(rows('A B C c1 D'), 0, 3).items)).toBe('B C c1 A D');
  });

  it('lets a sub-item change parent, and makes it top level at the very top', () => {
    const items = rows('A a1 B b1');
    expect(spec(moveTo(items, 1, 4).items)).toBe('A B b1 a1');
    expect(spec(moveTo(items, 3, 0).items)).toBe('B1 A a1 B');
  });

  it('ignores a drop onto itself', () => {
    const items = rows('A a1 B');
    expect(spec(moveTo(items, 0, 1).items)).toBe('A a1 B');
    expect(moveTo(items, 0, 2).index).toBe(0);
  });
});

describe('indenting, outdenting and removing', () => {
  it('indents a top-level item under the one above, and outdents it back', () => {
    const items = rows('A B C');
    expect(canIndent(items, 0)).toBe(false);
    const nested = indent(items, 1);
    expect(spec(nested)).toBe('A b C');
    expect(agendaNumbers(nested)).toEqual(['1', '1.1', '2']);
    expect(canOutdent(nested, 1)).toBe(true);
    expect(spec(outdent(nested, 1))).toBe('A B C');
  });

  it('keeps one level only: the sub-items of an indented item join the same parent', () => {
    const items = rows('A B b1 C');
    const nested = indent(items, 1);
    expect(spec(nested)).toBe('A b b1 C');
    expect(agendaNumbers(nested)).toEqual(['1', '1.1', '1.2', '2']);
    expect(canIndent(nested, 1)).toBe(false);
  });

  it('outdenting a sub-item adopts the sub-items after it', () => {
    const items = rows('A a1 a2 a3');
    expect(agendaNumbers(outdent(items, 2))).toEqual(['1', '1.1', '2', '2.1']);
  });

  it('removes a row alone; the sub-items of a removed top-level item become top level', () => {
    expect(spec(removeAt(rows('A a1 B'), 1))).toBe('A B');
    expect(spec(removeAt(rows('A B b1 b2 C'), 1))).toBe('A B1 B2 C');
    expect(spec(removeAt(rows('A'), 0))).toBe('');
  });
});
