/**
 * Finds the knowledge-base facts that answer a question. Facts are scored by the question's terms weighted by
 * rarity (idf), directly or through the knowledge-base terms the customer's wording stands for (synonyms). The facts
 * chosen only answer when together they cover enough of what the question is about, so one incidental shared word
 * ("CSV", "email") is not mistaken for an answer.
 */
import { countWords, splitSentences, terms } from '../text';
import { ASKING, SYNONYMS } from './synonyms';

export interface Fact {
  readonly topic: string;
  readonly text: string;
  readonly index: number;
}

interface Index {
  readonly facts: readonly Fact[];
  readonly topicTerms: ReadonlyArray<ReadonlySet<string>>;
  readonly factTerms: ReadonlyArray<ReadonlySet<string>>;
  readonly idf: (term: string) => number;
}

interface Query {
  readonly asked: readonly string[];
  /** The asked terms matched as themselves: not those inside a synonym phrase ("stop paying" is not about payments). */
  readonly literal: readonly string[];
  /** Each synonym the wording used: the question's terms it explains and the knowledge-base terms it stands for. */
  readonly synonyms: ReadonlyArray<{ readonly wording: readonly string[]; readonly extra: readonly string[] }>;
}

const NUMBER_WORDS = new Set(terms('one two three four five six seven eight nine ten eleven twelve twenty thirty hundred'));
const MIN_SCORE = 1;
const MIN_COVERAGE = 0.4;
const MAX_WORDS = 100;
const SYNONYM_WEIGHT = 0.5;
// The rest of a message ranks the facts that answer its question ("annual plan, 4 months ago ... money back?")
// without deciding whether they answer it.
const CONTEXT_WEIGHT = 0.3;
const ASKS = /\?\s*$|^(?:how|what|when|where|which|who|why|can|could|do|does|is|are|will|would|tell|give|show|explain)\b/i;
// "What happens to our data after that?": a question that needs the sentence before it.
const POINTS_BACK = /\b(?:after|before|about|with|of) (?:that|this|it)\b|\b(?:that|this|it|then)\s*\?$/i;
// "Repeat the names back and tell me the Team plan price": a second request joined to the first.
const SECOND_REQUEST = /,?\s+(?:and|also|then|but)\s+(?=(?:tell|give|show|send|explain|what|how|when|where|which|can|could|do|does|is|are)\b)|;\s+/i;

/** Reads `## topic` headings and `- fact` lines. */
export function parseKnowledge(knowledge: string): Fact[] {
  const facts: Fact[] = [];
  let topic = '';
  for (const line of knowledge.split('\n')) {
    if (line.startsWith('## ')) topic = line.slice(3).trim();
    else if (line.startsWith('- ')) facts.push({ topic, text: line.slice(2).trim(), index: facts.length });
  }
  return facts;
}

/**
 * The facts to answer with, in knowledge-base order. A message often carries its questions in some sentences or
 * clauses among context ("We moved from another tool two weeks ago. What's your refund policy?"): each part that
 * asks is answered, with the whole message still ranking the facts; when no part is answerable alone, the whole
 * message is. A message that asks nothing (a statement, a request) is tried whole, then part by part. Empty when
 * nothing answers it.
 */
export function retrieveFacts(question: string, facts: readonly Fact[]): Fact[] {
  if (facts.length === 0) return [];
  const index = indexFacts(facts);
  const context = readQuery(question);
  const answer = (focus: string) => answerFocus(readQuery(focus), context, index);
  const parts = questionParts(question);
  const questions = parts.filter((part) => ASKS.test(part));
  const answered = questions.flatMap(answer);
  if (answered.length > 0) return withinWordLimit(answered);
  if (questions.length > 0) {
    // "I forgot my password. How do I get back in?" needs its context; "We are 40 people on a monthly plan. Do you
    // offer volume discounts?" is not answered by the prices its context brings up: the answer must speak to the question.
    const whole = answer(question);
    const asked = readQuery(questions.join(' '));
    return asked.asked.length === 0 || explained(asked, whole.map((fact) => fact.index), index).size > 0 ? whole : [];
  }
  for (const focus of [question, ...parts]) {
    const found = answer(focus);
    if (found.length > 0) return found;
  }
  return [];
}

function questionParts(question: string): string[] {
  const sentences = splitSentences(question).map((sentence, i, all) => (i > 0 && POINTS_BACK.test(sentence) ? `${all[i - 1]} ${sentence}` : sentence));
  const clauses = sentences.flatMap((sentence) => sentence.split(SECOND_REQUEST)).map((part) => part.trim());
  return [...new Set([...sentences, ...clauses])].filter((part) => part.length > 0);
}

/** Facts in the order they were found, while they fit, then back in knowledge-base order. */
function withinWordLimit(found: readonly Fact[]): Fact[] {
  const kept: Fact[] = [];
  for (const fact of found) {
    if (!kept.includes(fact) && countWords([...kept, fact].map((f) => f.text).join(' ')) <= MAX_WORDS) kept.push(fact);
  }
  return kept.sort((a, b) => a.index - b.index);
}

function indexFacts(facts: readonly Fact[]): Index {
  const topicTerms = facts.map((fact) => new Set(terms(fact.topic)));
  const factTerms = facts.map((fact, i) => new Set([...terms(fact.text), ...topicTerms[i]!]));
  const idf = (term: string) => Math.log(1 + facts.length / Math.max(factTerms.filter((set) => set.has(term)).length, 0.5));
  return { facts, topicTerms, factTerms, idf };
}

/** Content terms without quantities: "45 days" or "two weeks" is context, not what the question is about. */
function readQuery(text: string): Query {
  const asked = [...new Set(terms(text))].filter((term) => !ASKING.has(term) && !/^\d+$/.test(term) && !NUMBER_WORDS.has(term));
  const matched = SYNONYMS.flatMap(([pattern, extra]) => (text.match(pattern) ?? []).map((wording) => ({ wording, extra })));
  const synonyms = matched.map(({ wording, extra }) => ({ wording: terms(wording), extra: extra.flatMap(terms) }));
  const inPhrases = new Set(matched.filter(({ wording }) => /\s/.test(wording.trim())).flatMap(({ wording }) => terms(wording)));
  return { asked, literal: asked.filter((term) => !inPhrases.has(term)), synonyms };
}

function answerFocus(focus: Query, context: Query, index: Index): Fact[] {
  const scored = index.facts.map((fact, i) => {
    const own = relevance(focus, i, index);
    return { fact, own, score: own + CONTEXT_WEIGHT * relevance(context, i, index) };
  });
  const byScore = [...scored].sort((a, b) => b.score - a.score);
  const best = byScore[0]!;
  if (best.own < MIN_SCORE) return [];
  const picked = byScore.filter(({ fact, own, score }) => own > 0 && score >= best.score * (fact.topic === best.fact.topic ? 0.6 : 0.9));
  // A question about two things ("my money back if I cancel?") needs a fact for each: the best fact that explains
  // each term the others leave unexplained joins them.
  for (const term of [...focus.asked].sort((a, b) => index.idf(b) - index.idf(a))) {
    if (explained(focus, picked.map(({ fact }) => fact.index), index).has(term)) continue;
    const helper = byScore.find(({ fact, own }) => own >= MIN_SCORE && !picked.some((p) => p.fact === fact) && explained(focus, [fact.index], index).has(term));
    if (helper) picked.push(helper);
  }
  const chosen = withinWordLimit(picked.map(({ fact }) => fact));
  return coverage(focus, chosen.map((fact) => fact.index), index) < MIN_COVERAGE ? [] : chosen;
}

/** Shared terms by rarity; a term naming the fact's topic counts twice ("support hours" is about Support). */
function relevance(query: Query, i: number, index: Index): number {
  const has = (term: string) => index.factTerms[i]!.has(term);
  const weight = (term: string) => index.idf(term) * (index.topicTerms[i]!.has(term) ? 2 : 1);
  const direct = query.literal.filter(has).reduce((sum, term) => sum + weight(term), 0);
  const extra = new Set(query.synonyms.flatMap(({ extra }) => extra.filter(has)));
  return direct + SYNONYM_WEIGHT * [...extra].reduce((sum, term) => sum + weight(term), 0);
}

/** The question's terms the chosen facts state, directly or through a synonym. */
function explained(query: Query, chosen: readonly number[], index: Index): Set<string> {
  const has = (term: string) => chosen.some((i) => index.factTerms[i]!.has(term));
  return new Set([...query.asked.filter(has), ...query.synonyms.filter(({ extra }) => extra.some(has)).flatMap(({ wording }) => wording)]);
}

/** The share of the question's terms (by idf) that the chosen facts explain. */
function coverage(query: Query, chosen: readonly number[], index: Index): number {
  const explainedTerms = explained(query, chosen, index);
  const total = query.asked.reduce((sum, term) => sum + index.idf(term), 0);
  const covered = query.asked.filter((term) => explainedTerms.has(term)).reduce((sum, term) => sum + index.idf(term), 0);
  return total === 0 ? 0 : covered / total;
}
