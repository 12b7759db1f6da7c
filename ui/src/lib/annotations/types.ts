/**
 * Wire types of annotations (highlights, underlines, ink, notes, bookmarks), as the Rust side
 * serialises them: camelCase fields, tagged unions on `kind`. Coordinates are PDF points with
 * the origin at the page's lower left corner and y going up; pages are zero-based.
 */

/** A box on a page in PDF points (origin lower left, y up). */
export interface Rect {
  left: number;
  bottom: number;
  right: number;
  top: number;
}

/** A point on a page in PDF points (origin lower left, y up). */
export interface Point {
  x: number;
  y: number;
}

/** The colours offered: highlights yellow, green or blue; ink (and underlines) red, blue or green. */
export type AnnotationColour = 'yellow' | 'green' | 'blue' | 'red';

/** Colours offered for highlights, in toolbar order. */
export const HIGHLIGHT_COLOURS: readonly AnnotationColour[] = ['yellow', 'green', 'blue'];

/** Colours offered for ink and underlines, in toolbar order. */
export const INK_COLOURS: readonly AnnotationColour[] = ['red', 'blue', 'green'];

/** Pen widths for ink. */
export type InkWidth = 'thin' | 'thick';

/** Pen widths in toolbar order. */
export const INK_WIDTHS: readonly InkWidth[] = ['thin', 'thick'];

/** Pen width in PDF points (as the exported PDF draws it). */
export const INK_WIDTH_PT: Record<InkWidth, number> = { thin: 1.5, thick: 4 };

/** Who may read an annotation: only its author (the default), the whole meeting, or named people. */
export type Audience = { kind: 'private' } | { kind: 'meeting' } | { kind: 'people'; userIds: string[] };

/** A run of a page's text: `start..end` (end exclusive) index the page's characters (`page_chars`). */
export interface TextMark {
  start: number;
  end: number;
  quote: string;
  rects: Rect[];
}

/** What an annotation is. */
export type AnnotationBody =
  | ({ kind: 'highlight' } & TextMark)
  | ({ kind: 'underline' } & TextMark)
  | { kind: 'ink'; strokes: Point[][]; width: InkWidth }
  | { kind: 'note'; at: Point; text: string }
  | { kind: 'bookmark'; label: string };

/** The kind of an annotation. */
export type AnnotationKind = AnnotationBody['kind'];

/** All kinds, in the order the interface lists them. */
export const ANNOTATION_KINDS: readonly AnnotationKind[] = ['highlight', 'underline', 'ink', 'note', 'bookmark'];

/**
 * Where an annotation sits after the document was revised: where it was made, moved by the
 * backend into the new revision, kept on its page although the page changed (ink, notes), or
 * not found again in the new revision.
 */
export type Placement = 'original' | 'moved' | 'pageChanged' | 'unplaced';

/** An annotation as this person sees it (theirs, or shared with them). */
export interface AnnotationView {
  id: string;
  documentId: string;
  documentTitle: string;
  revision: number;
  /** Zero-based. */
  page: number;
  body: AnnotationBody;
  colour: AnnotationColour;
  audience: Audience;
  authorId: string;
  authorName: string;
  /** Written by this person: only then may it be changed or deleted. */
  mine: boolean;
  placement: Placement;
  /** RFC 3339. */
  updatedAt: string;
}

/** The annotations of one document's current revision (`document_annotations`). */
export interface DocumentAnnotations {
  annotations: AnnotationView[];
  /** Text annotations that could not be placed in the current revision (kept, not dropped). */
  unplaced: AnnotationView[];
}

/** One character of a page's text with its box; generated spaces and line breaks have an all-zero box. */
export interface PageChar {
  ch: string;
  left: number;
  bottom: number;
  right: number;
  top: number;
}

/** What `save_annotation` takes: with `id`, an update of that annotation (or its return after a delete). */
export interface AnnotationInput {
  id?: string;
  documentId: string;
  page: number;
  body: AnnotationBody;
  colour: AnnotationColour;
  audience: Audience;
}

/** The input that saves `view` again exactly as it is (same id). */
export function inputOf(view: AnnotationView): AnnotationInput {
  return {
    id: view.id,
    documentId: view.documentId,
    page: view.page,
    body: view.body,
    colour: view.colour,
    audience: view.audience,
  };
}
