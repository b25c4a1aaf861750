/** Plain text processing the simulated model is built from: words, sentences, terms and figures. */

export const words = (text: string): string[] => text.match(/\S+/g) ?? [];
export const countWords = (text: string): number => words(text).length;

const ABBREVIATIONS = new Set(['e.g.', 'i.e.', 'mr.', 'mrs.', 'ms.', 'dr.', 'vs.', 'etc.', 'inc.', 'ltd.', 'co.', 'corp.', 'no.', 'approx.', 'st.']);
const BULLET = /^\s*(?:[-*•]|\d+[.)])\s+/;
const SENTENCE_END = /[.!?]+["')\]]*(?=\s|$)/g;

/**
 * Splits text into sentences. Hard-wrapped lines are joined back first (a line ending without punctuation that
 * is followed by a lower-case line), while bullets and paragraphs stay separate.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const block of blocks(text)) {
    let start = 0;
    for (const match of block.matchAll(SENTENCE_END)) {
      const end = match.index + match[0].length;
      const candidate = block.slice(start, end).trim();
      if (match[0] === '.' && ABBREVIATIONS.has(candidate.split(/\s+/).pop()!.toLowerCase())) continue;
      if (candidate.length > 0) sentences.push(candidate);
      start = end;
    }
    const rest = block.slice(start).trim();
    if (rest.length > 0) sentences.push(rest);
  }
  return sentences;
}

function blocks(text: string): string[] {
  const result: string[] = [];
  let joinable = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(BULLET, '').trim();
    if (line.length === 0) {
      joinable = false;
      continue;
    }
    if (joinable && !BULLET.test(raw) && /^[a-z0-9(]/.test(line)) result[result.length - 1] += ` ${line}`;
    else result.push(line);
    joinable = !/[.!?:]["')\]]*$/.test(line);
  }
  return result;
}

const STOPWORDS = new Set(
  ('a an the and or but if of to in on at by for with from about as into over after before is are was were be been ' +
    'being am do does did have has had having i me my we our you your he she it its they them their this that these ' +
    'those what which who whom how when where why can could would should will shall may might must not no so than ' +
    'too very just also there here all any some more most such only own same s t don now please hi hello thanks us out up ' +
    // What is left of a contraction once the apostrophe splits it ("doesn't" -> "doesn", "t").
    'doesn isn aren wasn weren didn won wouldn couldn shouldn haven hasn hadn re ve ll m d').split(' '),
);

/** Crude stemming: enough to match "cancelled", "cancelling" and "cancellation" to "cancel". */
function stem(word: string): string {
  let result = word.toLowerCase();
  for (const suffix of ['ations', 'ation', 'ments', 'ment', 'able', 'ings', 'ing', 'ions', 'ion', 'ies', 'ed', 'es', 's', 'ly', 'e']) {
    if (result.endsWith(suffix) && result.length - suffix.length >= 3) {
      result = result.slice(0, -suffix.length);
      break;
    }
  }
  return /([b-df-hj-np-rtv-z])\1$/.test(result) ? result.slice(0, -1) : result;
}

/** Stemmed content words, without stop words. */
export function terms(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((token) => !STOPWORDS.has(token)).map(stem);
}

/** Amounts, percentages, dates, ids and other numbers: what a summary must keep verbatim. */
const FIGURE =
  /[$€£]\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:[kmb]n?|million|billion|thousand)\b)?|\d+(?:\.\d+)?\s?%|\b[A-Z]{2,}-\d+\b|\b\d[\d,]*(?:\.\d+)?\b/gi;

export const countFigures = (text: string): number => text.match(FIGURE)?.length ?? 0;

/** Words in capitals (3+ letters) that are not common acronyms. */
export function shoutedWords(text: string): string[] {
  const acronyms = /^(?:SLA|CSV|JSON|USD|EUR|GBP|CET|API|PDF|FAQ|ORD|CEO|CTO|ETA|ASAP|SSO|URL|FYI)$/;
  return (text.match(/\b[A-Z]{3,}\b/g) ?? []).filter((word) => !acronyms.test(word));
}

export const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
