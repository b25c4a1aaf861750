/**
 * The features the spam classifier weighs. A `content` signal is something a spammer or scammer wants (money,
 * credentials, a click, a sale); a `tone` signal (urgency, capitals, punctuation) is how a message sounds, and a
 * stressed customer sounds the same.
 */
import { detectManipulation } from '../injection';
import { countWords, shoutedWords } from '../text';

export interface Signal {
  readonly weight: number;
  readonly reason: string;
  readonly kind: 'content' | 'tone';
  readonly present: (message: string) => boolean;
}

const matches = (pattern: RegExp) => (message: string) => pattern.test(message);
const URL = /\bhttps?:\/\/[^\s)]+|\bwww\.[^\s)]+|\b(?:bit\.ly|tinyurl\.com|goo\.gl|t\.co|ow\.ly|is\.gd|rb\.gy|cutt\.ly)\/\S+/gi;
const SUSPICIOUS_HOST = /\/\/(?:\d{1,3}\.){3}\d{1,3}|bit\.ly|tinyurl|t\.co\/|goo\.gl|ow\.ly|is\.gd|rb\.gy|cutt\.ly|\.(?:xyz|top|click|win|biz|ru|tk|ml|zip)\b|win|prize|free|claim|bonus|verify|secure-?login|account-?update/i;

/** Letters swapped for look-alike digits to slip past filters: "V1agra", "fr33", "s3cure". */
function disguised(word: string): boolean {
  return word.length >= 5 && /[a-z][013457]+[a-z]/i.test(word) && (word.match(/[a-z]/gi)?.length ?? 0) >= 3;
}

export const SIGNALS: readonly Signal[] = [
  { weight: 3, kind: 'content', reason: 'prize or lottery wording', present: matches(/\b(?:congratulations|you(?:'ve| have)? won|winner|prize|lottery|jackpot|sweepstakes|you have been selected|claim your|free gift)\b|\bwin\b[^.!?\n]{0,12}\bfree\b|\bfree (?:iphone|ipad|gift card|vacation|cruise|cash|laptop)\b/i) },
  { weight: 3, kind: 'content', reason: 'asks for credentials or payment', present: matches(/\b(?:verify your (?:account|identity|password|payment)|confirm your (?:password|bank|card|account details)|send (?:us )?your (?:password|bank|card|ssn|login)|enter your (?:password|card|bank)|login details|bank details|social security|wire transfer|gift cards?|bitcoin|crypto(?:currency)? wallet|processing fee|pay a (?:small )?fee|(?:seed|recovery) phrase|private keys?)\b/i) },
  { weight: 2, kind: 'content', reason: 'threatens to close the account', present: matches(/\baccount (?:has been |will be |is )?(?:suspended|locked|closed|deactivated|terminated)\b/i) },
  { weight: 2, kind: 'content', reason: 'too-good-to-be-true offer', present: matches(/\b(?:100% free|100% guaranteed|risk[- ]free|cash bonus|make money fast|work from home|double your|guaranteed (?:income|returns?|profits?|results|rankings?)|we guarantee|exclusive (?:opportunity|investment|offer)|earn \$?\d[\d,]* (?:a|per) (?:day|week))\b|\binvest\w*\b[^.!?\n]{0,40}\b(?:receive|earn|get back|double)\b/i) },
  { weight: 2, kind: 'content', reason: 'an unsolicited marketing offer', present: matches(/\b(?:seo|backlinks|(?:first|1st) page (?:of|on) google|google'?s first page|#1 rankings?|rank(?:ing)? (?:#1|first|higher) on google|more traffic to your (?:site|website)|grow your (?:followers|business) fast)\b/i) },
  { weight: 2, kind: 'content', reason: 'a suspicious link', present: (message) => (message.match(URL) ?? []).some((url) => SUSPICIOUS_HOST.test(url)) || /\bclick (?:here|now|this link|the link|https?:|(?:bit\.ly|tinyurl|goo\.gl))/i.test(message) },
  { weight: 2, kind: 'content', reason: 'hidden instructions aimed at an AI', present: (message) => detectManipulation(message) !== undefined },
  { weight: 2, kind: 'content', reason: 'words disguised to dodge filters', present: (message) => (message.match(/[a-z0-9]+/gi) ?? []).some(disguised) },
  { weight: 2, kind: 'content', reason: 'asks for secrecy', present: matches(/\b(?:keep (?:this|it) (?:confidential|between us|quiet|secret)|don'?t tell anyone|do not tell anyone|between you and me)\b/i) },
  { weight: 1.5, kind: 'content', reason: 'an aggressive sales pitch', present: matches(/\b(?:buy now|order now|lowest price|viagra|cialis|casino|weight loss|miracle|no prescription|online pharmacy|cheap (?:pills|meds|watches|rolex)|\d{2}% off)\b|\bfor only [$€£]\d/i) },
  { weight: 1, kind: 'content', reason: 'a bulk-mail reply keyword', present: matches(/\b(?:reply|text|txt)\s+["'“]?(?:YES|STOP|NOW|WIN|INFO|START)\b|\bunsubscribe\b/) },
  { weight: 1, kind: 'content', reason: 'an impersonal salutation', present: matches(/\bdear (?:friend|sir|madam|sir\/madam|beneficiary|winner|lucky winner|valued (?:customer|member))\b/i) },
  { weight: 1, kind: 'content', reason: 'a large sum of money', present: matches(/[$€£]\s?\d{1,3}(?:,\d{3}){2,}|\b\d+\s?(?:million|billion)\b/i) },
  { weight: 1.5, kind: 'tone', reason: 'pressure to act urgently', present: matches(/\b(?:urgent|act now|immediately|limited time|expires? (?:today|soon|in)|last chance|final notice|within 24 hours|don't miss|hurry|asap)\b/i) },
  { weight: 1.5, kind: 'tone', reason: 'shouting in capitals', present: (message) => {
    const shouted = shoutedWords(message);
    return shouted.some((word) => word.length >= 8) || (shouted.length >= 2 && shouted.length / Math.max(countWords(message), 1) >= 0.15);
  } },
  { weight: 1, kind: 'tone', reason: 'excessive punctuation', present: matches(/[!?]{2,}|\${2,}/) },
];

/** Marks of an ordinary business or support message; each one pulls the score back. */
export const ORDINARY = [
  /\b(?:invoice|order|ORD-\d+|meeting|project|sprint|deadline|agenda|attached|as discussed|roadmap|timesheet)\b/i,
  /\b(?:thanks|thank you|regards|best|cheers|could you|can you|please let me know|I have a question|how do I)\b/i,
  /\b(?:please help|help us|(?:is|are|has been|have been) (?:stuck|broken|down|failing)|not working|our (?:export|account|workspace|projects?|team|invoice|plan|data))\b/i,
];
