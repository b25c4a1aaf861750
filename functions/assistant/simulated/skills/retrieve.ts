/**
 * Finds the knowledge-base facts that answer a question. Facts are scored by the question's terms weighted by
 * rarity (idf); a fact only answers when it also covers enough of what the question is about, so one incidental
 * shared word ("CSV", "email") is not mistaken for an answer.
 */
import { countWords, splitSentences, terms } from '../text';

export interface Fact {
  readonly topic: string;
  readonly text: string;
  readonly index: number;
}

// Words customers use for what the knowledge base calls otherwise: [question wording, knowledge-base terms].
const EXPANSIONS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\bmoney back|\breimburs\w*|\bchargeback/gi, ['refund']],
  [/\b(?:log ?in|sign[- ]?in|locked out|forgot)\b/gi, ['password', 'reset']],
  [/\bcancel\w*/gi, ['subscription']],
  [/\b(?:cost\w*|how much|pric\w*|expensive|cheap\w*)\b/gi, ['plan', 'user', 'month']],
  [/\b(?:close|remove|erase|terminate)\b/gi, ['delete']],
  [/\b(?:download|back ?up)\b/gi, ['export']],
  [/\b(?:contact|reach|talk to|call|hours|open)\b/gi, ['support', 'chat', 'phone']],
  [/\b(?:two-factor|mfa|2-step|authenticat\w*)/gi, ['2fa']],
  [/\b(?:downtime|availability|outage)\b/gi, ['uptime', 'sla']],
  [/\b(?:charged|payment|card)\b/gi, ['billing']],
  [/\bfree\b/gi, ['trial']],
  [/\b(?:how long|how soon|when|arriv\w*|receiv\w*)\b/gi, ['within', 'day', 'hour']],
];
// Words that say how a question is asked rather than what it is about.
const ASKING = new Set(
  terms('policy policies question help know tell like want need work happen better worse compare much long take get ' +
    'way thing lumen okay asana trello monday clickup jira notion basecamp'),
);
const MIN_SCORE = 1;
const MIN_COVERAGE = 0.4;
const MAX_WORDS = 100;

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
 * The facts to answer with, in knowledge-base order: the best fact's close neighbours from its own topic, and
 * facts from other topics only when they score almost as well. Empty when nothing answers the question.
 */
export function retrieveFacts(question: string, facts: readonly Fact[]): Fact[] {
  if (facts.length === 0) return [];
  // "Ignore my last message. How do I reset my password?": one sentence may carry the whole question.
  for (const candidate of [question, ...splitSentences(question)]) {
    const found = retrieveForQuestion(candidate, facts);
    if (found.length > 0) return found;
  }
  return [];
}

function retrieveForQuestion(question: string, facts: readonly Fact[]): Fact[] {
  const topicTerms = facts.map((fact) => new Set(terms(fact.topic)));
  const factTerms = facts.map((fact, i) => new Set([...terms(fact.text), ...topicTerms[i]!]));
  const idf = (term: string) => Math.log(1 + facts.length / Math.max(factTerms.filter((set) => set.has(term)).length, 0.5));
  const asked = [...new Set(terms(question))].filter((term) => !ASKING.has(term));
  const expansions = EXPANSIONS.flatMap(([pattern, extra]) => {
    const wording = question.match(pattern);
    return wording ? [{ wording: terms(wording.join(' ')), extra: extra.flatMap(terms) }] : [];
  });

  const scored = facts.map((fact, i) => {
    const has = (term: string) => factTerms[i]!.has(term);
    const used = expansions.filter(({ extra }) => extra.some(has));
    const explained = new Set([...asked.filter(has), ...used.flatMap(({ wording }) => wording)]);
    const covered = asked.filter((term) => explained.has(term)).reduce((sum, term) => sum + idf(term), 0);
    const total = asked.reduce((sum, term) => sum + idf(term), 0);
    // A term naming the fact's topic counts twice: "support hours" is about Support, not every fact with "hours".
    const score =
      asked.filter(has).reduce((sum, term) => sum + idf(term) * (topicTerms[i]!.has(term) ? 2 : 1), 0) +
      0.5 * used.flatMap(({ extra }) => extra.filter(has)).reduce((sum, term) => sum + idf(term), 0);
    return { fact, score, coverage: total === 0 ? 0 : covered / total };
  });
  const best = scored.reduce((top, candidate) => (candidate.score > top.score ? candidate : top));
  if (best.score < MIN_SCORE || best.coverage < MIN_COVERAGE) return [];
  const chosen: Fact[] = [];
  for (const { fact } of scored
    .filter(({ fact, score }) => score >= best.score * (fact.topic === best.fact.topic ? 0.6 : 0.9))
    .sort((a, b) => b.score - a.score)) {
    if (countWords([...chosen.map((c) => c.text), fact.text].join(' ')) <= MAX_WORDS) chosen.push(fact);
  }
  return chosen.sort((a, b) => a.index - b.index);
}
