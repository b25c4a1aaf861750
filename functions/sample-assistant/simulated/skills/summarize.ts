/**
 * Extractive summarization: score sentences (shared vocabulary, figures, position), keep the best that fit the
 * word limit in their original order, and compress a sentence clause by clause when even one does not fit.
 *
 * Two instructions change how: "keep key figures exactly as written" (without it the first sentence keeps its
 * figures but some amounts and percentages in the others come back in rounded words) and a length stated as a
 * limit, "at most N words" (stated as a target, "about N words", the summary may run past it).
 */
import { stableFraction } from '../hash';
import { detectManipulation, withoutHiddenInstructions } from '../injection';
import { paraphraseFigures } from '../numbers';
import type { Quirk } from '../profiles';
import type { PromptReading } from '../prompt-reader';
import { redactSecrets } from '../redact';
import { capitalize, countFigures, countWords, splitSentences, terms, words } from '../text';

const DEFAULT_MAX_WORDS = 50;
/** How far past a target length ("about N words") a summary may run. */
const TARGET_OVERRUN = 1.3;
/** The share of figures reworded, outside the first sentence, when the prompt does not ask for them verbatim. */
const REWORDED_FIGURE_SHARE = 0.7;
const INJECTION_NOTE = 'It also contains an instruction aimed at the assistant, which was not followed.';
const ONLY_INJECTION = 'The text only contains an instruction aimed at the assistant; it was treated as content and not followed.';
const RAMBLE = 'Overall, the text covers several points that are worth keeping in mind going forward.';
const KEY_FIGURE = /[$€£]\s?\d[\d,.]*|\d+(?:\.\d+)?\s?%/g;
const GREETING = /^(?:hi|hello|hey|dear|thanks|thank you|best|regards|kind regards|cheers|sincerely)\b/i;

interface Scored {
  readonly sentence: string;
  readonly index: number;
  readonly score: number;
  readonly words: number;
}

export function summarize(reading: PromptReading, quirks: ReadonlySet<Quirk>): string {
  const { wordLimit, verbatimFigures } = reading.directives;
  const maxWords = wordLimit === undefined ? DEFAULT_MAX_WORDS : wordLimit.strict ? wordLimit.words : Math.round(wordLimit.words * TARGET_OVERRUN);
  const oneSentence = /\bone sentence\b/i.test(reading.instructions);
  const visible = withoutHiddenInstructions(reading.content);
  const source = quirks.has('echo-secrets') ? visible.text : redactSecrets(visible.text);
  const sentences = splitSentences(source);
  const content = sentences.filter((sentence) => detectManipulation(sentence) === undefined);
  const injected = visible.removed > 0 || content.length < sentences.length;
  if (content.length === 0) return injected ? ONLY_INJECTION : 'There is no text to summarize.';
  // The regressed snapshot rounds every figure; a model not asked to keep them keeps the headline's and rounds
  // some in the supporting sentences (which ones depends only on the figure and the text).
  const reword = (figure: string) => stableFraction(`reword-figure\n${figure}\n${reading.content}`) < REWORDED_FIGURE_SHARE;
  const finish = (sentences: readonly string[]) => {
    if (quirks.has('paraphrase-figures')) return paraphraseFigures(sentences.join(' '));
    return (verbatimFigures ? sentences : sentences.map((sentence, index) => (index === 0 ? sentence : paraphraseFigures(sentence, reword)))).join(' ');
  };
  if (quirks.has('ignore-word-limit')) return finish(ramble(content, maxWords));

  const note = injected && countWords(INJECTION_NOTE) <= maxWords / 2 ? INJECTION_NOTE : '';
  const budget = maxWords - countWords(note);
  const scored = scoreSentences(content);
  const chosen = oneSentence ? [compress(best(scored).sentence, budget)] : select(scored, budget);
  return finish([...chosen.map(polish), note].filter(Boolean));
}

function scoreSentences(sentences: readonly string[]): Scored[] {
  const frequency = new Map<string, number>();
  for (const term of sentences.flatMap(terms)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  return sentences.map((sentence, index) => {
    const sentenceTerms = terms(sentence);
    const lexical = sentenceTerms.reduce((sum, term) => sum + frequency.get(term)!, 0) / Math.max(sentenceTerms.length, 1);
    const figures = figureWeight(sentence);
    const count = countWords(sentence);
    const filler = GREETING.test(sentence) || (count < 4 && figures === 0) ? -2 : 0;
    return { sentence, index, score: lexical + figures + (index === 0 ? 0.5 : 0) + filler, words: count };
  });
}

/** Amounts and percentages carry a summary; bare numbers (counts, years) matter less. */
function figureWeight(sentence: string): number {
  const keyFigures = sentence.match(KEY_FIGURE)?.length ?? 0;
  return Math.min(keyFigures * 1.5, 3) + Math.min((countFigures(sentence) - keyFigures) * 0.5, 1);
}

const best = (scored: readonly Scored[]): Scored => [...scored].sort((a, b) => b.score - a.score || a.index - b.index)[0]!;

/** Best sentences first, while they fit; weak sentences are left out even when there is room. */
function select(scored: readonly Scored[], budget: number): string[] {
  const top = best(scored);
  if (top.words > budget) return [compress(top.sentence, budget)];
  const picked: Scored[] = [];
  let used = 0;
  for (const candidate of [...scored].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (candidate.score < top.score * 0.35 || used + candidate.words > budget) continue;
    picked.push(candidate);
    used += candidate.words;
  }
  return picked.sort((a, b) => a.index - b.index).map((candidate) => candidate.sentence);
}

/** Drops asides, then keeps the main clause and the clauses carrying figures, then cuts words as a last resort. */
function compress(sentence: string, budget: number): string {
  if (countWords(sentence) <= budget) return sentence;
  const trimmed = sentence
    .replace(/\s*\([^)]*\)/g, (aside) => (countFigures(aside) > 0 ? aside : ''))
    .replace(/^(?:however|in addition|additionally|also|furthermore|moreover|overall|basically|so),?\s+/i, '');
  if (countWords(trimmed) <= budget) return trimmed;
  const kept: string[] = [];
  let used = 0;
  trimmed.split(/(?<=[,;:])\s+|\s+[-–—]\s+/).forEach((clause, index) => {
    const count = countWords(clause);
    if ((index === 0 || countFigures(clause) > 0) && used + count <= budget) {
      kept.push(clause);
      used += count;
    }
  });
  return kept.length > 0 ? kept.join(' ') : words(trimmed).slice(0, budget).join(' ');
}

function polish(sentence: string): string {
  const headline = sentence.replace(/^([A-Z][\w\s-]*?) (up|down) (\d+(?:\.\d+)?\s?%)/, (_match, subject: string, direction: string, percent: string) =>
    `${subject} ${direction === 'up' ? 'rose' : 'fell'} ${percent}`,
  );
  const ended = headline.replace(/[,;:\s]+$/, '');
  return capitalize(/[.!?]["')\]]*$/.test(ended) ? ended : `${ended}.`);
}

/** The regressed behaviour: everything in order, well past the limit, then a filler sentence. */
function ramble(sentences: readonly string[], maxWords: number): string[] {
  const kept: string[] = [];
  for (const sentence of sentences) {
    if (countWords(kept.join(' ')) > maxWords * 1.5) break;
    kept.push(`The text explains that ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`);
  }
  return [...kept.map(polish), RAMBLE];
}
