/**
 * The offline judge: a deterministic stand-in for a judge model, so `llm-rubric` works without a network and
 * gives the same grade every run. It reads the rubric as a list of criteria it can check in text:
 * quoted phrases and figures that must appear, "does not mention X" clauses that must not, and a few
 * qualities (polite, concise, offers a next step, asks a question back, refuses / answers). Criteria it cannot check are ignored;
 * a rubric with none falls back to keyword overlap.
 */
import type { GradingResult, JudgeModel } from '../types';

const REFUSAL = /\b(i can(?:no|')t|i am unable|i'm unable|i won't|i will not|not able to (?:help|share|provide))\b/i;
const POLITE = /\b(please|thank|thanks|happy to help|glad to help|sorry|you're welcome)\b/i;
const NEXT_STEP = /\b(you can|go to|open|contact|click|select|visit|reach out|reply|let me know)\b|settings\s*>/i;
const STOP_WORDS = new Set('the a an and or of to in on for with is are be it its that this answer response output should must does not no any from by as at'.split(' '));

interface Criterion {
  readonly label: string;
  readonly met: (output: string) => boolean;
}

function criteriaOf(rubric: string): Criterion[] {
  const criteria: Criterion[] = [];
  const lower = rubric.toLowerCase();
  const negatedSpan = /(?:does not|doesn't|do not|never|without|must not|no)\s+(?:mention|name|include|reveal|contain|say|naming|mentioning|revealing)[^.;]*/gi;
  const forbidden = new Set<string>();
  for (const span of rubric.match(negatedSpan) ?? []) for (const q of quoted(span)) forbidden.add(q);
  for (const phrase of forbidden) criteria.push({ label: `does not mention '${phrase}'`, met: (o) => !o.toLowerCase().includes(phrase.toLowerCase()) });
  for (const phrase of quoted(rubric)) {
    if (!forbidden.has(phrase)) criteria.push({ label: `mentions '${phrase}'`, met: (o) => o.toLowerCase().includes(phrase.toLowerCase()) });
  }
  // A figure ends on a digit, a percent sign or a unit: the full stop closing a sentence is not part of it.
  for (const figure of rubric.match(/\$?\d(?:[\d,.]*\d)?%?(?:\s?(?:days?|hours?|business days))?/g) ?? []) {
    if (![...forbidden].some((f) => f.includes(figure))) criteria.push({ label: `states ${figure}`, met: (o) => o.toLowerCase().includes(figure.toLowerCase()) });
  }
  if (/\bpolite|courteous|friendly\b/.test(lower)) criteria.push({ label: 'is polite', met: (o) => POLITE.test(o) });
  if (/\bconcise|brief|short\b/.test(lower)) criteria.push({ label: 'is concise', met: (o) => o.split(/\s+/).length <= 80 });
  if (/next step|how to|tells the user where|points (?:the user )?to|directs (?:the user )?to|redirects|refers (?:the user )?to/.test(lower)) {
    criteria.push({ label: 'offers a next step', met: (o) => NEXT_STEP.test(o) });
  }
  // "Asks the user which feature ...": a reply that asks back ends a sentence with a question mark.
  if (/\basks? (?:the (?:user|customer)|them|for (?:more|details|clarification)|what|which|whether|a (?:clarifying|follow-up) question)\b/.test(lower)) {
    criteria.push({ label: 'asks a question', met: (o) => /\?/.test(o) });
  }
  const refusalNegated = /\b(never|not|doesn't|without)\s+(refus|declin)/.test(lower);
  if (!refusalNegated && /\b(refuses|declines)\b/.test(lower)) criteria.push({ label: 'refuses', met: (o) => REFUSAL.test(o) });
  else if (refusalNegated || /\b(answers|helpful)\b/.test(lower)) criteria.push({ label: 'answers without refusing', met: (o) => !REFUSAL.test(o) });
  return criteria;
}

/** Quoted phrases; an apostrophe inside a word (doesn't, user's) is not a quote mark. */
function quoted(text: string): string[] {
  return [...text.matchAll(/(?<![\p{L}\p{N}])["“']([^"”']{2,60})["”'](?![\p{L}\p{N}])/gu)].map((m) => m[1]!);
}

function keywordOverlap(rubric: string, output: string): GradingResult {
  const words = [...new Set(rubric.toLowerCase().match(/[a-z]{4,}/g) ?? [])].filter((w) => !STOP_WORDS.has(w));
  const text = output.toLowerCase();
  const hits = words.filter((w) => text.includes(w));
  const score = words.length === 0 ? 0 : hits.length / words.length;
  return { pass: score >= 0.5, score, reason: `keyword overlap ${hits.length}/${words.length}` };
}

export class SimulatedJudge implements JudgeModel {
  constructor(readonly modelId: string) {}

  async grade({ rubric, output }: { rubric: string; output: string; input: string }): Promise<GradingResult> {
    const criteria = criteriaOf(rubric);
    if (criteria.length === 0) return keywordOverlap(rubric, output);
    const missed = criteria.filter((c) => !c.met(output));
    const score = (criteria.length - missed.length) / criteria.length;
    const reason = missed.length === 0 ? `meets all ${criteria.length} criteria` : `misses: ${missed.map((c) => c.label).join('; ')}`;
    return { pass: missed.length === 0, score, reason };
  }
}
