/** What the model never repeats from customer text: full card numbers and secrets. */

const CARD_NUMBER = /\b\d(?:[ -]?\d){12,18}\b/g;
// A value is only a secret when it looks like one: "password is incorrect" is prose, "password is hunter2" is not.
const SECRET = /\b(password|passwd|pwd|passcode|pin|api[ _-]?key|secret|token)(\s*(?:(?:is|was|:|=)\s*)+)(["']?)([^\s"']+?)\3(?=[\s.,;!?]|$)/gi;

export const cardLast4 = (digits: string): string => digits.replace(/\D/g, '').slice(-4);

export function findCardNumber(text: string): string | undefined {
  return text.match(CARD_NUMBER)?.[0];
}

function maskCardNumbers(text: string): string {
  return text.replace(CARD_NUMBER, (card) => `**** **** **** ${cardLast4(card)}`);
}

export function redactSecrets(text: string): string {
  const masked = maskCardNumbers(text);
  return masked.replace(SECRET, (match, label: string, separator: string, quote: string, value: string) =>
    /^[a-z]+$/.test(value) ? match : `${label}${separator}${quote}[redacted]${quote}`,
  );
}
