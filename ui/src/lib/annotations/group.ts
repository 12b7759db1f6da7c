/** How the panel "Ghi chú của tôi" orders and describes annotations. */
import { annotationTop } from './geometry';
import type { AnnotationView } from './types';

/** The annotations of one document, in reading order. */
export interface DocumentGroup {
  documentId: string;
  title: string;
  items: AnnotationView[];
}

/**
 * Groups annotations by document (documents in the order first met), each in reading
 * order: by page, then from the top of the page down; bookmarks first on their page.
 */
export function groupByDocument(views: readonly AnnotationView[]): DocumentGroup[] {
  const groups: DocumentGroup[] = [];
  for (const view of views) {
    let group = groups.find((g) => g.documentId === view.documentId);
    if (!group) {
      group = { documentId: view.documentId, title: view.documentTitle, items: [] };
      groups.push(group);
    }
    group.items.push(view);
  }
  const top = (view: AnnotationView) => annotationTop(view) ?? Infinity;
  for (const group of groups) {
    group.items.sort((a, b) => a.page - b.page || top(b) - top(a));
  }
  return groups;
}

/** The text that tells an annotation apart: its quote, its note, its bookmark's name; whitespace collapsed. */
export function snippet(view: AnnotationView, max = 160): string {
  const body = view.body;
  let text = '';
  if (body.kind === 'highlight' || body.kind === 'underline') text = body.quote;
  else if (body.kind === 'note') text = body.text;
  else if (body.kind === 'bookmark') text = body.label;
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}
