/**
 * The agenda builder's pure logic: automatic numbering (1, 1.1, 1.2, 2…) and moving,
 * indenting and removing rows of a flat list where `depth` 1 marks a sub-item of the nearest
 * depth-0 row above it. A depth-0 row and its sub-items form a block that moves as one.
 * Every function returns new arrays and leaves its input untouched.
 */

/** Anything with a nesting depth (draft items, editor rows). */
export interface Nested {
  depth: 0 | 1;
}

/** The result of a move: the new list and where the moved row now is. */
export interface Moved<T> {
  items: T[];
  index: number;
}

function withDepth<T extends Nested>(item: T, depth: 0 | 1): T {
  return item.depth === depth ? item : { ...item, depth };
}

/** Makes the list well formed: the first row cannot be a sub-item. */
export function normaliseDepths<T extends Nested>(items: readonly T[]): T[] {
  return items.map((item, i) => (i === 0 ? withDepth(item, 0) : item));
}

/** The number of every row: "1", "1.1", "1.2", "2"… (a leading sub-item counts as top level). */
export function agendaNumbers(items: readonly Nested[]): string[] {
  let top = 0;
  let sub = 0;
  return items.map((item, i) => {
    if (item.depth === 0 || i === 0) {
      top += 1;
      sub = 0;
      return String(top);
    }
    sub += 1;
    return `${top}.${sub}`;
  });
}

/** The end (exclusive) of the block that starts at `i`: a top-level row with its sub-items, or a sub-item alone. */
export function blockEnd(items: readonly Nested[], i: number): number {
  if (items[i]?.depth !== 0) return i + 1;
  let end = i + 1;
  while (end < items.length && items[end].depth === 1) end += 1;
  return end;
}

/** How many sub-items the row at `i` has (0 for a sub-item). */
export function childCount(items: readonly Nested[], i: number): number {
  return blockEnd(items, i) - i - 1;
}

function previousTop(items: readonly Nested[], i: number): number {
  for (let j = i - 1; j >= 0; j -= 1) if (items[j].depth === 0) return j;
  return -1;
}

/** Whether {@link moveUp} would change anything. */
export function canMoveUp(items: readonly Nested[], i: number): boolean {
  if (i <= 0 || i >= items.length) return false;
  if (items[i].depth === 0) return previousTop(items, i) >= 0;
  // A sub-item goes up past its parent only if there is an item above to join.
  return items[i - 1].depth === 1 || i - 1 > 0;
}

/** Whether {@link moveDown} would change anything. */
export function canMoveDown(items: readonly Nested[], i: number): boolean {
  if (i < 0 || i >= items.length) return false;
  return blockEnd(items, i) < items.length;
}

/**
 * Moves the row at `i` one step up. A top-level row goes with its sub-items above the
 * previous block; a sub-item swaps with the row above (above its parent it becomes the last
 * sub-item of the previous block).
 */
export function moveUp<T extends Nested>(items: readonly T[], i: number): Moved<T> {
  if (!canMoveUp(items, i)) return { items: [...items], index: i };
  if (items[i].depth === 0) {
    const p = previousTop(items, i);
    const end = blockEnd(items, i);
    const next = [...items.slice(0, p), ...items.slice(i, end), ...items.slice(p, i), ...items.slice(end)];
    return { items: next, index: p };
  }
  const next = [...items];
  [next[i - 1], next[i]] = [next[i], next[i - 1]];
  return { items: next, index: i - 1 };
}

/**
 * Moves the row at `i` one step down. A top-level row goes with its sub-items below the next
 * block; a sub-item swaps with the row below (below the next top-level row it becomes that
 * row's first sub-item).
 */
export function moveDown<T extends Nested>(items: readonly T[], i: number): Moved<T> {
  if (!canMoveDown(items, i)) return { items: [...items], index: i };
  if (items[i].depth === 0) {
    const end = blockEnd(items, i);
    const nextEnd = blockEnd(items, end);
    const next = [...items.slice(0, i), ...items.slice(end, nextEnd), ...items.slice(i, end), ...items.slice(nextEnd)];
    return { items: next, index: i + (nextEnd - end) };
  }
  const next = [...items];
  [next[i], next[i + 1]] = [next[i + 1], next[i]];
  return { items: next, index: i + 1 };
}

/**
 * Moves the row at `from` (with its sub-items if it is top level) so that it lands before
 * the row now at `target` (`items.length` = at the end). A top-level block never lands
 * between a row and its sub-items: going up it lands before that block, going down after it.
 * Used by drag and drop.
 */
export function moveTo<T extends Nested>(items: readonly T[], from: number, target: number): Moved<T> {
  if (from < 0 || from >= items.length) return { items: [...items], index: from };
  const end = blockEnd(items, from);
  let at = Math.max(0, Math.min(target, items.length));
  if (at >= from && at <= end) return { items: [...items], index: from };
  if (items[from].depth === 0) {
    // Going up it lands before the block it was dropped into; going down, after it.
    if (at < from) while (at > 0 && at < items.length && items[at].depth === 1) at -= 1;
    else while (at < items.length && items[at].depth === 1) at += 1;
    if (at >= from && at <= end) return { items: [...items], index: from };
  }
  const block = items.slice(from, end);
  const rest = [...items.slice(0, from), ...items.slice(end)];
  const insertAt = at > from ? at - block.length : at;
  const next = [...rest.slice(0, insertAt), ...block, ...rest.slice(insertAt)];
  return { items: normaliseDepths(next), index: insertAt };
}

/** Whether the row at `i` can become a sub-item (a top-level row that is not the first). */
export function canIndent(items: readonly Nested[], i: number): boolean {
  return i > 0 && i < items.length && items[i].depth === 0;
}

/** Whether the row at `i` is a sub-item that can become top level. */
export function canOutdent(items: readonly Nested[], i: number): boolean {
  return i > 0 && i < items.length && items[i].depth === 1;
}

/**
 * Makes the row at `i` a sub-item of the top-level row above it; its own sub-items, if any,
 * stay sub-items and so join the same parent (only one level of nesting exists).
 */
export function indent<T extends Nested>(items: readonly T[], i: number): T[] {
  if (!canIndent(items, i)) return [...items];
  return items.map((item, j) => (j === i ? withDepth(item, 1) : item));
}

/** Makes the sub-item at `i` top level; the sub-items that followed it become its own. */
export function outdent<T extends Nested>(items: readonly T[], i: number): T[] {
  if (!canOutdent(items, i)) return [...items];
  return items.map((item, j) => (j === i ? withDepth(item, 0) : item));
}

/** Removes the row at `i` alone; the sub-items of a removed top-level row become top level. */
export function removeAt<T extends Nested>(items: readonly T[], i: number): T[] {
  if (i < 0 || i >= items.length) return [...items];
  if (items[i].depth === 1) return [...items.slice(0, i), ...items.slice(i + 1)];
  const end = blockEnd(items, i);
  return [
    ...items.slice(0, i),
    ...items.slice(i + 1, end).map((item) => withDepth(item, 0)),
    ...items.slice(end),
  ];
}
