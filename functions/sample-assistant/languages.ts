/** The target languages the assistant translates into, with the names and codes customers use for them. */
export const SUPPORTED_LANGUAGES = ['French', 'Spanish', 'German'] as const;

const ALIASES: Readonly<Record<string, string>> = {
  french: 'French', fr: 'French', français: 'French', francais: 'French',
  spanish: 'Spanish', es: 'Spanish', español: 'Spanish', espanol: 'Spanish', castilian: 'Spanish',
  german: 'German', de: 'German', deutsch: 'German',
};

/**
 * The canonical name of a language as a customer wrote it; unknown languages keep their own (capitalised) name
 * so the model can say it does not support them.
 *
 * @example
 * normalizeLanguage('fr');       // 'French'
 * normalizeLanguage('japanese'); // 'Japanese'
 */
export function normalizeLanguage(raw: string): string {
  const key = raw.trim().toLowerCase();
  return ALIASES[key] ?? key.charAt(0).toUpperCase() + key.slice(1);
}
