/** Numbers in words, rounded the way a careless paraphrase rounds them ("$4.2M" -> "about four million dollars"). */

const ONES = ('zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen ' +
  'sixteen seventeen eighteen nineteen').split(' ');
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const SCALES: ReadonlyArray<readonly [number, string]> = [[1e9, 'billion'], [1e6, 'million'], [1e3, 'thousand']];

function spellBelowThousand(value: number): string {
  if (value < 20) return ONES[value]!;
  if (value < 100) return TENS[Math.floor(value / 10)]! + (value % 10 ? `-${ONES[value % 10]}` : '');
  const rest = value % 100;
  return `${ONES[Math.floor(value / 100)]} hundred${rest ? ` and ${spellBelowThousand(rest)}` : ''}`;
}

/** @example spellRounded(4_200_000); // 'four million' */
function spellRounded(value: number): string {
  if (value < 1) return 'less than one';
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const rounded = Math.round(value / magnitude) * magnitude;
  for (const [scale, word] of SCALES) {
    if (rounded >= scale) return `${spellBelowThousand(Math.round(rounded / scale))} ${word}`;
  }
  return spellBelowThousand(rounded);
}

/** "about four million", or "less than one" (not "about less than one"). */
const approximately = (value: number): string => (value < 1 ? spellRounded(value) : `about ${spellRounded(value)}`);

const MONEY = /[$€£]\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(k|m|bn|b|million|billion|thousand)\b)?/gi;
const PERCENT = /(\d+(?:\.\d+)?)\s?%/g;
const SCALE_FACTORS: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, b: 1e9, bn: 1e9, billion: 1e9 };

/**
 * Replaces exact amounts and percentages with rounded words; with `reword`, only the figures it picks.
 *
 * @example
 * paraphraseFigures('Revenue up 32% to $4.2M'); // 'Revenue up about thirty percent to about four million dollars'
 * paraphraseFigures('Revenue up 32% to $4.2M', (figure) => figure.startsWith('$')); // 'Revenue up 32% to about four million dollars'
 */
export function paraphraseFigures(text: string, reword: (figure: string) => boolean = () => true): string {
  return text
    .replace(MONEY, (match, amount: string, scale?: string) => {
      if (!reword(match)) return match;
      const value = Number(amount.replace(/,/g, '')) * (scale ? SCALE_FACTORS[scale.toLowerCase()]! : 1);
      return `${approximately(value)} dollars`;
    })
    .replace(PERCENT, (match, percent: string) => (reword(match) ? `${approximately(Number(percent))} percent` : match))
    // "about 18%" becomes "about twenty percent", not "about about twenty percent".
    .replace(/\b(about|around|roughly|approximately|nearly|almost) about\b/gi, '$1');
}
