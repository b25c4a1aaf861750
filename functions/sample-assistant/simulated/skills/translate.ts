/**
 * Translation by lexicon: the longest known phrase at each position, else the word, else the token unchanged
 * (names, numbers, ids), followed by the target language's contractions ("de le" -> "du").
 */
import type { Quirk } from '../profiles';
import type { PromptReading } from '../prompt-reader';
import { capitalize, countWords, words } from '../text';
import { FRENCH } from './lexicon/french';
import { GERMAN } from './lexicon/german';
import { SPANISH } from './lexicon/spanish';
import type { Lexicon } from './lexicon/table';

interface Chunk {
  readonly lead: string;
  readonly core: string;
  readonly trail: string;
}

const LEXICONS: Readonly<Record<string, Lexicon>> = { French: FRENCH, Spanish: SPANISH, German: GERMAN };
const CONTRACTIONS: Readonly<Record<string, string>> = {
  "i'm": 'i am', "you're": 'you are', "we're": 'we are', "they're": 'they are', "it's": 'it is', "that's": 'that is',
  "there's": 'there is', "don't": 'do not', "doesn't": 'does not', "didn't": 'did not', "can't": 'cannot',
  "won't": 'will not', "isn't": 'is not', "aren't": 'are not', "wasn't": 'was not', "haven't": 'have not',
  "i've": 'i have', "we've": 'we have', "i'll": 'i will', "we'll": 'we will', "you'll": 'you will', "i'd": 'i would',
};
const POLISH: Readonly<Record<string, (sentence: string) => string>> = {
  French: (sentence) =>
    sentence
      .replace(/\bà le\b/g, 'au').replace(/\bà les\b/g, 'aux').replace(/\bde le\b/g, 'du').replace(/\bde les\b/g, 'des')
      .replace(/\b(j|l|d|n|qu|m|t|s)e (?=[aeiouhéèêàâîôû])/gi, "$1'").replace(/\bla (?=[aeiouéèêàâîôû])/gi, "l'"),
  Spanish: (sentence) => {
    const contracted = sentence.replace(/\ba el\b/g, 'al').replace(/\bde el\b/g, 'del');
    if (contracted.endsWith('?')) return `¿${contracted}`;
    return contracted.endsWith('!') ? `¡${contracted}` : contracted;
  },
  German: (sentence) => sentence,
};
const TRUNCATED_WORDS = 40;

export function translate(reading: PromptReading, quirks: ReadonlySet<Quirk>): string {
  const language = /\binto ([A-Z][\p{L}-]*)\./u.exec(reading.instructions)?.[1];
  const supported = /Supported target languages:\s*([^.\n]+)/.exec(reading.instructions)?.[1]?.split(/,\s*/) ?? Object.keys(LEXICONS);
  const lexicon = language !== undefined && supported.includes(language) ? LEXICONS[language] : undefined;
  if (!lexicon || language === undefined) {
    return `Sorry, I can only translate into ${supported.slice(0, -1).join(', ')} or ${supported.at(-1)}.`;
  }
  const text = quirks.has('truncate-translation') ? words(reading.content).slice(0, TRUNCATED_WORDS).join(' ') : reading.content;
  if (quirks.has('answer-in-english') && countWords(text) > 2) return text;
  return text
    .split('\n')
    .map((line) => line.split(/(?<=[.!?])\s+/).filter(Boolean).map((sentence) => POLISH[language]!(translateSentence(sentence, lexicon))).join(' '))
    .join('\n');
}

function translateSentence(sentence: string, lexicon: Lexicon): string {
  const chunks = words(sentence).flatMap(toChunks);
  const output: string[] = [];
  let atStart = true;
  for (let i = 0; i < chunks.length; ) {
    const [length, translation] = longestPhrase(chunks, i, lexicon) ?? [1, translateWord(chunks[i]!, lexicon)];
    const text: string = atStart && /^[A-Z]/.test(chunks[i]!.core) ? capitalize(translation) : translation;
    const piece = `${chunks[i]!.lead}${text}${chunks[i + length - 1]!.trail}`;
    if (text.length > 0) output.push(piece);
    else if (piece.length > 0 && output.length > 0) output[output.length - 1] += piece;
    atStart &&= text.length === 0;
    i += length;
  }
  return output.join(' ');
}

function toChunks(raw: string): Chunk[] {
  const [, lead = '', core = '', trail = ''] = /^([("“'‘¿¡]*)(.*?)([.,!?;:)"”'’]*)$/u.exec(raw) ?? [];
  const expanded = CONTRACTIONS[core.toLowerCase().replace('’', "'")];
  if (!expanded) return [{ lead, core, trail }];
  const parts = expanded.split(' ');
  return parts.map((part, i) => ({
    lead: i === 0 ? lead : '',
    core: i === 0 && /^[A-Z]/.test(core) ? capitalize(part) : part,
    trail: i === parts.length - 1 ? trail : '',
  }));
}

/** The longest phrase starting at `start` that does not run across punctuation. */
function longestPhrase(chunks: readonly Chunk[], start: number, lexicon: Lexicon): [number, string] | undefined {
  for (let length = Math.min(7, chunks.length - start); length >= 2; length--) {
    const window = chunks.slice(start, start + length);
    if (window.some((chunk, i) => (i < length - 1 && chunk.trail) || (i > 0 && chunk.lead))) continue;
    const phrase = lexicon.phrases.get(window.map((chunk) => chunk.core.toLowerCase()).join(' '));
    if (phrase !== undefined) return [length, phrase];
  }
  const single = lexicon.phrases.get(chunks[start]!.core.toLowerCase());
  return single === undefined ? undefined : [1, single];
}

/** Ids, numbers, emails and unknown words (names) stay as written. */
function translateWord(chunk: Chunk, lexicon: Lexicon): string {
  if (/[\d@/$€£%]/.test(chunk.core)) return chunk.core;
  return lexicon.words.get(chunk.core.toLowerCase()) ?? chunk.core;
}
