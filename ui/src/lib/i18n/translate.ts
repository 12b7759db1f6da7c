/**
 * Pure translation functions (no state): look a key up in a locale's dictionary
 * and fill `{name}` placeholders. The reactive current locale lives in `locale.svelte.ts`.
 */
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey } from './vi';

/** Languages the interface speaks; Vietnamese first. */
export type Locale = 'vi' | 'en';

/** All locales, default first. */
export const LOCALES: readonly Locale[] = ['vi', 'en'];

/** The language used when nothing else was chosen. */
export const DEFAULT_LOCALE: Locale = 'vi';

/** Dictionaries by locale. */
export const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { vi, en };

/** Values for `{name}` placeholders. */
export type Params = Record<string, string | number>;

/** Keys that have `.one` and `.other` forms, named without the suffix. */
export type PluralBase = MessageKey extends infer K ? (K extends `${infer B}.one` ? B : never) : never;

/** True when `value` is a supported locale. */
export function isLocale(value: unknown): value is Locale {
  return value === 'vi' || value === 'en';
}

/** True when `key` is a message key. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(vi, key);
}

/** Replaces each `{name}` in `template` by `params[name]`; unknown placeholders stay as written. */
export function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The text for `key` in `locale` (falling back to Vietnamese, then to the key itself). */
export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = DICTIONARIES[locale][key] ?? vi[key] ?? key;
  return interpolate(template, params);
}

/** The `.one` or `.other` form of `base` for `count`, with `{count}` filled in. */
export function translatePlural(locale: Locale, base: PluralBase, count: number, params?: Params): string {
  const key = `${base}.${count === 1 ? 'one' : 'other'}` as MessageKey;
  return translate(locale, key, { count, ...params });
}

/** The user-facing text for an error code; unknown codes get a generic text that shows the code. */
export function translateError(locale: Locale, code: string): string {
  const key = `errorCode.${code}`;
  if (isMessageKey(key)) return translate(locale, key);
  return translate(locale, 'error.generic', { code });
}
