/** Words and colours the annotation components share. */
import { t } from '../i18n';
import { snippet } from './group';
import type { AnnotationColour, AnnotationKind, AnnotationView } from './types';

/** "Tô sáng", "Gạch chân", … */
export function kindLabel(kind: AnnotationKind): string {
  return t(`annot.kind.${kind}`);
}

/** The icon of each kind (names of `Icon.svelte`). */
export const KIND_ICONS = {
  highlight: 'highlight',
  underline: 'underline',
  ink: 'pen',
  note: 'note',
  bookmark: 'bookmark',
} as const;

/** What a screen reader says for an annotation on the page: kind, text, and author when not mine. */
export function describe(view: AnnotationView): string {
  const text = snippet(view, 80);
  const parts = [text ? `${kindLabel(view.body.kind)}: ${text}` : kindLabel(view.body.kind)];
  if (!view.mine) parts.push(t('annot.by', { name: view.authorName }));
  return parts.join(' — ');
}

/** Solid colours (ink, underline, swatches), dark enough to read on white. */
export const SOLID: Record<AnnotationColour, string> = {
  yellow: '#e0b000',
  green: '#00803a',
  blue: '#0050c8',
  red: '#c81e1e',
};

/** Translucent paint for highlights. */
export const PAINT: Record<AnnotationColour, string> = {
  yellow: 'rgba(255, 214, 0, 0.42)',
  green: 'rgba(0, 170, 80, 0.30)',
  blue: 'rgba(0, 110, 230, 0.26)',
  red: 'rgba(230, 40, 40, 0.26)',
};
