/**
 * The current interface language, as Svelte 5 reactive state, remembered in localStorage.
 * `t()` reads the current locale, so any template that calls it updates when it changes.
 */
import {
  DEFAULT_LOCALE,
  isLocale,
  translate,
  translateError,
  translatePlural,
  type Locale,
  type MessageKey,
  type Params,
  type PluralBase,
} from './translate';

/** localStorage key holding the chosen locale. */
export const LOCALE_STORAGE_KEY = 'phonghop.locale';

function readStoredLocale(): Locale {
  try {
    const stored = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // Storage may be unavailable; fall back to Vietnamese.
  }
  return DEFAULT_LOCALE;
}

const state = $state<{ locale: Locale }>({ locale: readStoredLocale() });

function applyDocumentLang(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

applyDocumentLang(state.locale);

/** The current locale (reactive). */
export function getLocale(): Locale {
  return state.locale;
}

/** Switches the interface language, remembers it, and sets `<html lang>`. */
export function setLocale(locale: Locale): void {
  state.locale = locale;
  applyDocumentLang(locale);
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch still applies for this run.
  }
}

/** Switches between Vietnamese and English. */
export function toggleLocale(): void {
  setLocale(state.locale === 'vi' ? 'en' : 'vi');
}

/** Re-reads the remembered locale (used at start-up and by tests). */
export function reloadLocale(): void {
  state.locale = readStoredLocale();
  applyDocumentLang(state.locale);
}

/** Translates `key` in the current locale, filling `{name}` placeholders from `params`. */
export function t(key: MessageKey, params?: Params): string {
  return translate(state.locale, key, params);
}

/** Translates a count-dependent message (`base.one` / `base.other`) in the current locale. */
export function tPlural(base: PluralBase, count: number, params?: Params): string {
  return translatePlural(state.locale, base, count, params);
}

/** The user-facing text for an error code in the current locale. */
export function tError(code: string): string {
  return translateError(state.locale, code);
}
