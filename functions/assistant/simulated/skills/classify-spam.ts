/**
 * Spam classification from weighted features: prize wording, urgency, credential or payment requests, suspicious
 * links, shouting and punctuation push towards spam; the marks of an ordinary business message pull back.
 */
import { detectManipulation } from '../injection';
import type { Quirk } from '../profiles';
import type { PromptReading } from '../prompt-reader';
import { countWords, shoutedWords } from '../text';

interface Signal {
  readonly weight: number;
  readonly reason: string;
  readonly present: (message: string) => boolean;
}

const matches = (pattern: RegExp) => (message: string) => pattern.test(message);
const URL = /\bhttps?:\/\/[^\s)]+|\bwww\.[^\s)]+/gi;
const SUSPICIOUS_HOST = /\/\/(?:\d{1,3}\.){3}\d{1,3}|bit\.ly|tinyurl|t\.co\/|goo\.gl|\.(?:xyz|top|click|win|biz|ru|tk|ml|zip)\b|win|prize|free|claim|bonus|verify|secure-?login|account-?update/i;

const SIGNALS: readonly Signal[] = [
  { weight: 3, reason: 'prize or lottery wording', present: matches(/\b(?:congratulations|you(?:'ve| have)? won|winner|prize|lottery|jackpot|sweepstakes|you have been selected|claim your|free gift)\b/i) },
  { weight: 3, reason: 'asks for credentials or payment', present: matches(/\b(?:verify your (?:account|identity|password|payment)|confirm your (?:password|bank|card|account details)|send (?:us )?your (?:password|bank|card|ssn|login)|enter your (?:password|card|bank)|login details|bank details|social security|wire transfer|gift cards?|bitcoin|crypto(?:currency)? wallet|processing fee|pay a (?:small )?fee)\b/i) },
  { weight: 2, reason: 'threatens to close the account', present: matches(/\baccount (?:has been |will be |is )?(?:suspended|locked|closed|deactivated|terminated)\b/i) },
  { weight: 2, reason: 'too-good-to-be-true offer', present: matches(/\b(?:100% free|risk[- ]free|cash bonus|make money fast|work from home|double your|guaranteed (?:income|returns)|earn \$?\d[\d,]* (?:a|per) (?:day|week))\b/i) },
  { weight: 2, reason: 'a suspicious link', present: (message) => (message.match(URL) ?? []).some((url) => SUSPICIOUS_HOST.test(url)) || /\bclick (?:here|now|this link|the link|https?:)/i.test(message) },
  { weight: 2, reason: 'hidden instructions aimed at an AI', present: (message) => detectManipulation(message) !== undefined },
  { weight: 1.5, reason: 'pressure to act urgently', present: matches(/\b(?:urgent|act now|immediately|limited time|expires? (?:today|soon|in)|last chance|final notice|within 24 hours|don't miss|hurry)\b/i) },
  { weight: 1.5, reason: 'an aggressive sales pitch', present: matches(/\b(?:buy now|order now|lowest price|viagra|casino|weight loss|miracle)\b/i) },
  { weight: 1, reason: 'a large sum of money', present: matches(/[$€£]\s?\d{1,3}(?:,\d{3}){2,}|\b\d+\s?(?:million|billion)\b/i) },
  { weight: 1.5, reason: 'shouting in capitals', present: (message) => {
    const shouted = shoutedWords(message);
    return shouted.some((word) => word.length >= 8) || (shouted.length >= 2 && shouted.length / Math.max(countWords(message), 1) >= 0.15);
  } },
  { weight: 1, reason: 'excessive punctuation', present: matches(/[!?]{2,}|\${2,}/) },
];
const ORDINARY = [
  /\b(?:invoice|order|ORD-\d+|meeting|project|sprint|deadline|agenda|attached|as discussed|roadmap|timesheet)\b/i,
  /\b(?:thanks|thank you|regards|best|cheers|could you|can you|please let me know|I have a question|how do I)\b/i,
];
const SPAM_THRESHOLD = 3;
const LOOSE_THRESHOLD = 1;

export function classifySpam(reading: PromptReading, quirks: ReadonlySet<Quirk>): string {
  const message = reading.content;
  const found = SIGNALS.filter((signal) => signal.present(message));
  const loose = quirks.has('loose-spam');
  const ordinary = loose ? 0 : ORDINARY.filter((pattern) => pattern.test(message)).length;
  const score = found.reduce((sum, signal) => sum + signal.weight, 0) - ordinary;
  const threshold = loose ? LOOSE_THRESHOLD : SPAM_THRESHOLD;
  if (score >= threshold) return `Verdict: SPAM - ${listReasons(found.slice(0, 3).map((signal) => signal.reason))}`;
  if (found.length === 0) return 'Verdict: NOT SPAM - an ordinary message with no spam signals';
  return `Verdict: NOT SPAM - an ordinary message despite ${found[0]!.reason}`;
}

function listReasons(reasons: readonly string[]): string {
  return reasons.length < 2 ? reasons.join('') : `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1)}`;
}
