/** Public face of the i18n module. */
export { t, tPlural, tError, getLocale, setLocale, toggleLocale, reloadLocale, LOCALE_STORAGE_KEY } from './locale.svelte';
export { roleLabel, meetingKindLabel, documentKindLabel } from './labels';
export {
  translate,
  translatePlural,
  translateError,
  interpolate,
  isLocale,
  isMessageKey,
  LOCALES,
  DEFAULT_LOCALE,
  DICTIONARIES,
  type Locale,
  type MessageKey,
  type Params,
  type PluralBase,
} from './translate';
