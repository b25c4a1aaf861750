/** A translation lexicon: whole phrases first (they carry grammar word-by-word cannot), then single words. */
export interface Lexicon {
  readonly phrases: ReadonlyMap<string, string>;
  readonly words: ReadonlyMap<string, string>;
}

/**
 * Parses `english=translation` entries separated by `|` or line breaks; compact enough to keep a few hundred
 * entries readable. An empty translation drops the word (English auxiliaries such as "do").
 */
export function lexicon(phrases: string, words: string): Lexicon {
  return { phrases: parseTable(phrases), words: parseTable(words) };
}

function parseTable(table: string): Map<string, string> {
  const entries = table
    .split(/[|\n]/)
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry): [string, string] => {
      const [english, translation] = entry.split('=');
      return [english!.trim().toLowerCase(), (translation ?? '').trim()];
    });
  return new Map(entries);
}
