// vue-i18n with Simplified Chinese first and English on request; the choice is kept per browser.
// Each area's words arrive with its page (addMessages), so the citizen's phone loads no staff words.
import { createI18n } from 'vue-i18n';
import common from './common.messages';

export type Lang = 'zh-CN' | 'en';
export const langs: readonly Lang[] = ['zh-CN', 'en'];
type Bundle = Record<Lang, Record<string, unknown>>;

const LANG_KEY = 'hotline.lang';

export const i18n = createI18n<[Record<string, unknown>], Lang, false>({
  legacy: false,
  locale: localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: common as unknown as Bundle,
  missingWarn: false,
  fallbackWarn: false,
});

export function addMessages(bundle: unknown): void {
  for (const lang of langs) i18n.global.mergeLocaleMessage(lang, (bundle as Bundle)[lang]);
}

export function currentLang(): Lang {
  return i18n.global.locale.value as Lang;
}

export function setLang(lang: Lang): void {
  i18n.global.locale.value = lang;
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

document.documentElement.lang = currentLang();

/** `t(prefix.value)` when the words are known, else the raw value (a new enum value still shows). */
export function label(prefix: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const key = `${prefix}.${value}`;
  return i18n.global.te(key) || i18n.global.te(key, 'zh-CN') ? i18n.global.t(key) : String(value);
}

/** A record's display name in the current language: `nameEn` in English when it has one. */
export function nameOf(rec: { name: string; nameEn?: string | null } | null | undefined): string {
  if (!rec) return '—';
  return currentLang() === 'en' && rec.nameEn ? rec.nameEn : rec.name;
}
