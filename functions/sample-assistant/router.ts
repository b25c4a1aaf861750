/**
 * Intent routing: app code that reads the customer's request and picks a prompt before any model runs.
 * Directives ("Summarize: ...", "Translate to French: ...") must lead the input and be followed by a colon or a
 * line break, so a question that merely mentions a task ("Can you summarize your refund policy?") stays a question.
 */
import type { Intent } from './intents';
import { normalizeLanguage } from './languages';

const DEFAULT_SUMMARY_WORDS = 50;
const ONE_SENTENCE_WORDS = 35;

export type Route =
  | { readonly intent: 'summarize'; readonly text: string; readonly maxWords: number; readonly oneSentence: boolean }
  | { readonly intent: 'extract'; readonly text: string; readonly fields: readonly string[] }
  | { readonly intent: 'policy'; readonly question: string }
  | { readonly intent: 'spam'; readonly message: string }
  | { readonly intent: 'translate'; readonly text: string; readonly language: string }
  | { readonly intent: 'general'; readonly question: string };

interface Directive {
  readonly head: string;
  readonly body: string;
}

const POLITE_LEAD = /^(?:(?:please|pls|kindly|can you|could you|would you)[\s,]+)+/i;
const DIRECTIVES = {
  spam: /^(?:is (?:this|the following|this message|this email|this text) spam|classify (?:this |the following )?(?:message |email )?(?:as )?spam or not(?: spam)?|spam or not|spam check)/i,
  translate: /^translate\b/i,
  extract: /^extract\b/i,
  summarize: /^(?:summari[sz]e|sum up|tl;?\s?dr|give me a summary|write a summary|summary)\b/i,
} as const;
const TRAILING_TLDR = /^([\s\S]+?)\s*\n\s*tl;?\s?dr\W*$/i;
const QUOTED_TRANSLATION = /^translate\s+["“'‘](.+?)["”'’]\s+(?:in)?to\s+([\p{L}-]+)\W*$/iu;
const POLICY_TOPICS =
  /\b(?:refunds?|refundable|money back|reimburse\w*|billing|billed|invoices?|charged?|payment method|pric(?:e|es|ing)|plans?|upgrad\w*|downgrad\w*|free trial|trial|subscriptions?|cancel\w*|passwords?|reset|2fa|two[- ]factor|log ?in|sign[- ]?in|locked out|export\w*|delete (?:my|our) account|account deletion|close (?:my|our) account|delet\w* (?:my|our|all) (?:data|account)|support hours|phone support|contact support|sla|uptime)\b/i;
const GENERIC_FIELDS = /^(?:data|details|info|information|entities|fields|everything|contact details|customer details|key (?:info|information|fields|details)|relevant (?:data|fields|info|information))$/i;

/**
 * Picks the intent and its parameters. `forced` (from `vars.task`) overrides detection; the directive of that
 * intent is still parsed when present, otherwise the whole input is the content.
 *
 * @example
 * routeRequest('Summarize in 20 words: Revenue up 32%'); // { intent: 'summarize', text: 'Revenue up 32%', maxWords: 20, ... }
 * routeRequest('How do I reset my password?');           // { intent: 'policy', question: 'How do I reset my password?' }
 */
export function routeRequest(input: string, forced?: Intent): Route {
  const detected = detectDirective(input);
  if (forced === undefined) return detected ?? topicRoute(input);
  if (detected?.intent === forced) return detected;
  return contentRoute(forced, input.trim());
}

function detectDirective(input: string): Route | undefined {
  const text = input.trim().replace(POLITE_LEAD, '');
  const spam = directive(text, DIRECTIVES.spam, /[:?\n]/);
  if (spam) return { intent: 'spam', message: spam.body };
  const quoted = QUOTED_TRANSLATION.exec(text);
  if (quoted) return { intent: 'translate', text: quoted[1]!, language: normalizeLanguage(quoted[2]!) };
  const translate = directive(text, DIRECTIVES.translate, /[:\n]/);
  if (translate) return { intent: 'translate', text: translate.body, language: targetLanguage(translate.head) };
  const extract = directive(text, DIRECTIVES.extract, /[:\n]/);
  if (extract) return { intent: 'extract', text: extract.body, fields: requestedFields(extract.head) };
  const summarize = directive(text, DIRECTIVES.summarize, /[:\n]/) ?? trailingTldr(text);
  if (summarize) return { intent: 'summarize', text: summarize.body, ...summaryLength(summarize.head) };
  return undefined;
}

function directive(text: string, pattern: RegExp, separator: RegExp): Directive | undefined {
  const match = pattern.exec(text);
  if (!match) return undefined;
  const rest = text.slice(match[0].length);
  const cut = separator.exec(rest);
  if (!cut || cut.index > 80) return undefined;
  const body = rest.slice(cut.index + 1).trim();
  return body.length > 0 ? { head: rest.slice(0, cut.index), body } : undefined;
}

function trailingTldr(text: string): Directive | undefined {
  const match = TRAILING_TLDR.exec(text);
  return match ? { head: '', body: match[1]!.trim() } : undefined;
}

function topicRoute(input: string): Route {
  const question = input.trim();
  return POLICY_TOPICS.test(question) ? { intent: 'policy', question } : { intent: 'general', question };
}

function contentRoute(intent: Intent, content: string): Route {
  switch (intent) {
    case 'summarize':
      return { intent, text: content, maxWords: DEFAULT_SUMMARY_WORDS, oneSentence: false };
    case 'extract':
      return { intent, text: content, fields: [] };
    case 'spam':
      return { intent, message: content };
    case 'translate':
      return { intent, text: content, language: targetLanguage(content) };
    case 'policy':
    case 'general':
      return { intent, question: content };
  }
}

function summaryLength(head: string): { maxWords: number; oneSentence: boolean } {
  const oneSentence = /\b(?:one|1|a single)[\s-]sentence\b|\bin a sentence\b|\bone[\s-]liner\b/i.test(head);
  const words = /\b(\d{1,3})[\s-]*words?\b/i.exec(head);
  const fallback = oneSentence ? ONE_SENTENCE_WORDS : DEFAULT_SUMMARY_WORDS;
  return { maxWords: words ? Math.max(5, Number(words[1])) : fallback, oneSentence };
}

function targetLanguage(head: string): string {
  const match = /\b(?:in)?to\s+([\p{L}-]+)/iu.exec(head);
  return match ? normalizeLanguage(match[1]!) : 'an unspecified language';
}

/** Field names listed in an extract directive, snake_cased; empty means "whatever entities you find". */
function requestedFields(head: string): string[] {
  const listed = head
    .replace(/\b(?:as|in|into|to)?\s*(?:a\s+)?json(?:\s+object)?\b/gi, ' ')
    .replace(/\bfrom\s+(?:this|the|the following)?\s*(?:text|email|message|note)?\s*$/i, ' ')
    .split(/\s*(?:,|\band\b|&|\/|\bplus\b)\s*/i)
    .map((piece) => piece.trim().replace(/^(?:the|all|any|a|an)\s+/i, '').replace(/^(?:customer|user|client|sender)'s\s+/i, ''))
    .filter((piece) => piece.length > 0);
  if (listed.length === 0 || listed.some((piece) => GENERIC_FIELDS.test(piece) || piece.split(/\s+/).length > 3)) return [];
  return listed.map((piece) => piece.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, ''));
}
