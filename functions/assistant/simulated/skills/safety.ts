/** Requests the assistant declines, whatever intent they arrive with. Each pattern needs context, not one word. */
import { detectManipulation, type Manipulation } from '../injection';

export type RefusalKind = Manipulation | 'harmful' | 'other-customer';

const HARMFUL = [
  /\b(?:make|build|create|write|code|develop|deploy|spread)\b[^.?!]{0,40}\b(?:bomb|explosives?|weapons?|malware|ransomware|virus|keylogger|trojan|botnet|spyware)\b/i,
  /\bhack(?:ing)? (?:into|someone|somebody|an? account|accounts|my (?:ex|boss|partner))\b/i,
  /\bsteal(?:ing)?\b|\bphishing (?:email|page|site|campaign|kit)\b|\b(?:ddos|credential stuffing)\b/i,
  /\bkill (?:someone|somebody|people|a person|him|her|them|myself|yourself|my (?:boss|wife|husband|neighbou?r|coworker|colleague))\b/i,
  /\bbypass (?:the )?(?:paywall|licens\w*|2fa|authentication|security)\b|\b(?:stolen|fake) (?:credit )?cards?\b/i,
];
const DATA_NOUN = '(?:e-?mail(?: address)?|phone(?: number)?|address|password|data|details|orders?|invoices?|payment|card|info(?:rmation)?|records?|name)';
const OTHER_CUSTOMER = [
  new RegExp(`\\b(?:another|other|different|someone else'?s?|somebody else'?s?)\\s+(?:customer|user|client|person|account)(?:'s|s'|s)?\\b[^.?!]{0,60}\\b${DATA_NOUN}\\b`, 'i'),
  new RegExp(`\\b${DATA_NOUN}\\s+(?:of|for|belonging to)\\s+(?:customer|user|client|account)\\s+\\S+`, 'i'),
  new RegExp(`\\b(?:customer|user|client|account)\\s+(?:id\\s+)?[A-Za-z]{0,4}-?\\d{2,}\\S*?'s\\s+${DATA_NOUN}`, 'i'),
  /\b(?:list|show|give|send|export|dump)\b[^.?!]{0,30}\b(?:(?:all|every|other)\s+(?:lumen\s+)?(?:customers|clients)|other (?:users|accounts))\b/i,
  new RegExp(`\\b(?:my (?:colleague|coworker|co-worker|ex|neighbou?r|boss|friend|partner)'s|someone else'?s)\\s+(?:account|${DATA_NOUN})\\b`, 'i'),
];

const REFUSALS: Readonly<Record<RefusalKind, string>> = {
  harmful: "I can't help with that. If you have a question about Lumen, I'm happy to help.",
  'other-customer': "I can't share information about other customers or their accounts, but I'm happy to help with your own account.",
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
  const kind: RefusalKind | undefined = HARMFUL.some((pattern) => pattern.test(question))
    ? 'harmful'
    : OTHER_CUSTOMER.some((pattern) => pattern.test(question))
      ? 'other-customer'
      : detectManipulation(question);
  return kind === undefined ? undefined : { kind, message: REFUSALS[kind] };
}
