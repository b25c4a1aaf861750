/**
 * Values for requested keys that no entity finder knows ("seats", "plan", "invoice_number"), read from how the text
 * talks about them: a label, a count, an identifier or a name next to the key's noun.
 */
import type { EntityValue } from './entities';

const ID_SUFFIX = /_(?:number|no|id|ref|reference|code)$/;
const CHOICE_KEYS = /^(?:new_|target_|current_)?(?:plan|tier|edition|package|subscription)$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** The value for `key`, or undefined when the text does not say it. */
export function fieldValue(text: string, key: string): EntityValue | undefined {
  return labelledValue(text, key) ?? identifier(text, key) ?? count(text, key) ?? chosen(text, key) ?? named(text, key);
}

/** A value the text labels explicitly: "product: Lumen Team", "city is Lyon". */
function labelledValue(text: string, key: string): EntityValue | undefined {
  const label = key.split('_').join('[\\s_-]*');
  const value = new RegExp(`\\b${label}\\b\\s*(?:is|was|=|:|-)\\s*["']?([^,;\\n"']+?)["']?(?=[,;\\n]|\\.(?:\\s|$)|$)`, 'i').exec(text)?.[1]?.trim();
  if (value === undefined || value.length === 0) return undefined;
  return NUMBER.test(value) ? Number(value) : value;
}

/** "invoice_number" in "Invoice INV-2025-0412 is due": the noun followed by a token that carries digits. */
function identifier(text: string, key: string): string | undefined {
  if (!ID_SUFFIX.test(key)) return undefined;
  const noun = key.replace(ID_SUFFIX, '').split('_').join('[\\s_-]*');
  const pattern = new RegExp(`\\b${noun}s?\\b\\s*(?:number|no\\.?|id|ref(?:erence)?|code)?\\s*[:#]?\\s*(#?[A-Z0-9][\\w-]*\\d[\\w-]*)`, 'i');
  return pattern.exec(text)?.[1]?.replace(/[.-]+$/, '');
}

/** "seats" in "for 45 seats": a number right before the key's noun. */
function count(text: string, key: string): number | undefined {
  const noun = key.split('_').at(-1)!.replace(/s$/, '');
  const value = new RegExp(`(\\d[\\d,]*)\\s+(?:[a-z]+\\s+)?${noun}s?\\b`, 'i').exec(text)?.[1];
  return value === undefined ? undefined : Number(value.replace(/,/g, ''));
}

/** "plan" in "upgrade from Starter to Team": what the customer is moving to. */
function chosen(text: string, key: string): string | undefined {
  if (!CHOICE_KEYS.test(key)) return undefined;
  return /\b(?:upgrad|downgrad|switch|mov|migrat|chang)\w*\b[^.!?\n]{0,40}?\bto\s+(?:the\s+)?([A-Z][\w-]*)/.exec(text)?.[1];
}

/** "plan" in "we are on the Team plan": a capitalised word right before the key's noun. */
function named(text: string, key: string): string | undefined {
  const noun = key.split('_').at(-1)!;
  return new RegExp(`\\b([A-Z][\\w-]*)\\s+${noun}\\b`).exec(text)?.[1];
}
