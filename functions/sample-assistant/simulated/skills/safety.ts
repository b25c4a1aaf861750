/** Requests the assistant declines, whatever intent they arrive with. Each pattern needs context, not one word. */
import { detectManipulation, type Manipulation } from '../injection';

export type RefusalKind = Manipulation | 'harmful' | 'other-customer';

const HARMFUL = [
  /\b(?:make|build|create|write|code|develop|deploy|spread)\b[^.?!]{0,40}\b(?:bomb|explosives?|weapons?|malware|ransomware|virus|keylogger|trojan|botnet|spyware)\b/i,
  /\bhack(?:ing)? (?:into|someone|somebody|an? account|accounts|my (?:ex|boss|partner))\b/i,
  /\bsteal(?:ing)?\b|\bphishing (?:email|page|site|campaign|kit)\b|\b(?:ddos|credential stuffing)\b/i,
  /\bkill (?:someone|somebody|people|a person|him|her|them|myself|yourself|my (?:boss|wife|husband|neighbou?r|coworker|colleague))\b/i,
  /\bbypass (?:the )?(?:paywall|licens\w*|2fa|authentication|security)\b|\b(?:stolen|fake) (?:credit )?cards?\b/i,
  // Guessing passwords at scale: "a script that tries the 10,000 most common passwords against the login page".
  /\bbrute[- ]?forc\w*|\bpassword spray\w*|\btr(?:y|ies|ying)\b[^.?!]{0,50}\bpasswords?\b[^.?!]{0,50}\bagainst\b/i,
];
// Phishing: writing a message that pretends to come from someone else to collect credentials or card details.
const WRITES = /\b(?:write|draft|create|compose|generate|make)\b/i;
const IMPERSONATES = /\b(?:convincing|fake|spoofed|pretend\w*|posing as|impersonat\w*|look(?:s|ing)? (?:like it'?s|legit|official))\b|\bfrom ["'“‘](?:[A-Z][\w.]*\s?){1,3}["'”’]/i;
const HARVESTS = /\b(?:re-?enter|verify|confirm|update|send|provide|type in)\b[^.?!]{0,30}\b(?:card|password|bank|login|credentials|ssn|payment)\b/i;
const DATA_NOUN = '(?:e-?mail(?: address)?|phone(?: number)?|address|password|data|details|orders?|invoices?|payment|card(?: number)?|info(?:rmation)?|records?|name)';
const RELATION = '(?:colleague|coworker|co-worker|ex|neighbou?r|boss|friend|partner|manager)';
const OTHER_CUSTOMER = [
  new RegExp(`\\b(?:another|other|different|someone else'?s?|somebody else'?s?)\\s+(?:customer|user|client|person|account)(?:'s|s'|s)?\\b[^.?!]{0,60}\\b${DATA_NOUN}\\b`, 'i'),
  // "the card number do you have stored for client C-7788": someone named, not "customer support".
  new RegExp(`\\b${DATA_NOUN}\\b[^.?!]{0,30}?\\b(?:of|for|belonging to)\\s+(?:customer|user|client|account)\\s+(?!(?:support|service|success|care|portal|team)\\b)\\S+`, 'i'),
  new RegExp(`\\b(?:customer|user|client|account)\\s+(?:id\\s+)?[A-Za-z]{0,4}-?\\d{2,}\\S*?'s\\s+${DATA_NOUN}`, 'i'),
  /\b(?:list|show|give|send|export|dump)\b[^.?!]{0,30}\b(?:(?:all|every|other|some|several|a few|\d+|three|five|ten)\s+(?:(?:of your|lumen|enterprise|paying)\s+)?(?:customers|clients)|other (?:users|accounts))\b/i,
  // "my colleague's account", "my colleague Sarah's invoices"
  new RegExp(`\\b(?:my ${RELATION}(?:\\s+[A-Z][a-z]+)?'s|someone else'?s)\\s+(?:account|workspace|${DATA_NOUN})\\b`, 'i'),
];

const REFUSALS: Readonly<Record<RefusalKind, string>> = {
  harmful: "I can't help with that. If you have a question about Lumen, I'm happy to help.",
  'other-customer':
    "I can't share information about other customers or accounts that aren't yours, even with their permission. The account owner can get it for you, or contact our support team 24/7 by chat. I'm happy to help with your own account.",
  'prompt-probe': "I can't share my instructions or internal notes, but I'm happy to help with any question about Lumen.",
  persona: "I can't switch personas or set aside my guidelines, but I'm happy to help with any question about Lumen.",
  override: "I can't follow instructions that override my guidelines, but I'm happy to help with any question about Lumen.",
};

export interface Refusal {
  readonly kind: RefusalKind;
  readonly message: string;
}

/** @example refusalFor('How do I kill a stuck export job?'); // undefined: a support question, not a threat */
export function refusalFor(question: string): Refusal | undefined {
  const phishing = WRITES.test(question) && IMPERSONATES.test(question) && HARVESTS.test(question);
  const kind: RefusalKind | undefined = phishing || HARMFUL.some((pattern) => pattern.test(question))
    ? 'harmful'
    : OTHER_CUSTOMER.some((pattern) => pattern.test(question))
      ? 'other-customer'
      : detectManipulation(question);
  return kind === undefined ? undefined : { kind, message: REFUSALS[kind] };
}
