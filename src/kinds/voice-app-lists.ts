import { WINDOWS_TO_IANA_MAP, findIana } from 'windows-iana';
import type { Problem } from '../errors.js';

/**
 * The languages auto attendants and call queues speak (Get-CsAutoAttendantSupportedLanguage; the
 * table of create-a-phone-system-auto-attendant-languages.md and create-a-phone-system-call-queue-languages.md,
 * as language ids).
 */
export const VOICE_APP_LANGUAGES = [
  'ar-EG',
  'ar-SA',
  'bg-BG',
  'ca-ES',
  'zh-CN',
  'zh-HK',
  'zh-TW',
  'hr-HR',
  'cs-CZ',
  'da-DK',
  'nl-BE',
  'nl-NL',
  'en-AU',
  'en-CA',
  'en-IN',
  'en-IE',
  'en-PH',
  'en-ZA',
  'en-GB',
  'en-US',
  'et-EE',
  'fi-FI',
  'fr-BE',
  'fr-CA',
  'fr-FR',
  'fr-CH',
  'de-AT',
  'de-DE',
  'de-CH',
  'el-GR',
  'he-IL',
  'hi-IN',
  'hu-HU',
  'id-ID',
  'it-IT',
  'ja-JP',
  'ko-KR',
  'lv-LV',
  'lt-LT',
  'nb-NO',
  'pl-PL',
  'pt-BR',
  'pt-PT',
  'ro-RO',
  'ru-RU',
  'sk-SK',
  'sl-SI',
  'es-MX',
  'es-ES',
  'sv-SE',
  'th-TH',
  'tr-TR',
  'vi-VN',
  'cy-GB',
] as const;

/** Windows time zone ids (Get-CsAutoAttendantSupportedTimeZone), from CLDR's windowsZones via windows-iana. */
export const VOICE_APP_TIME_ZONES: readonly string[] = [...new Set(WINDOWS_TO_IANA_MAP.map((z) => z.windowsName))];

/** The IANA zone of a Windows time zone id (for the clock of `simulate --call`). */
export function ianaZoneOf(windowsZone: string): string | undefined {
  return findIana(windowsZone)?.[0];
}

function oneOf(value: string, list: readonly string[], path: string, rule: string, what: string): Problem[] {
  if (list.includes(value)) return [];
  const near = list.find((x) => x.toLowerCase() === value.toLowerCase());
  return [{ path, rule, message: `"${value}" is not ${what}${near ? `; did you mean "${near}"?` : ''}` }];
}

export function checkLanguage(language: string, path: string): Problem[] {
  return oneOf(language, VOICE_APP_LANGUAGES, path, 'voice-app.language', 'a language Teams voice apps speak');
}

export function checkTimeZone(zone: string, path: string): Problem[] {
  return oneOf(
    zone,
    VOICE_APP_TIME_ZONES,
    path,
    'voice-app.time-zone',
    'a Windows time zone id (as "Eastern Standard Time")',
  );
}
