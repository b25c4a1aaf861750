/** Finders for the entities an extraction can ask for. Each returns the first convincing match, or undefined. */
import { cardLast4, findCardNumber } from '../redact';
import { findCompany, findName } from './names';

export type EntityValue = string | number;

const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_DAY_YEAR = new RegExp(`\\b(${MONTHS})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i');
const DAY_MONTH_YEAR = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTHS})\\.?,?\\s+(\\d{4})\\b`, 'i');
const LOOSE_DATE = new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`, 'i');
const MONEY = /([$€£])\s?(\d[\d,]*(?:\.\d+)?)(?:\s?(k|m|bn|million|billion|thousand)\b)?|\b(\d[\d,]*(?:\.\d+)?)\s?(USD|EUR|GBP|dollars?|euros?|pounds?)\b/i;
const CURRENCIES: Readonly<Record<string, string>> = { $: 'USD', '€': 'EUR', '£': 'GBP', dollar: 'USD', euro: 'EUR', pound: 'GBP' };
const SCALES: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, million: 1e6, bn: 1e9, billion: 1e9 };

const firstGroup = (pattern: RegExp, text: string) => pattern.exec(text)?.[1];

function findCustomerId(text: string): string | undefined {
  return (
    firstGroup(/\bcustomer\s*(?:id|number|no\.?|#)\s*(?:is|:|=)?\s*([A-Za-z]{0,4}-?\d[\w-]*)/i, text) ??
    /\b(?:CUST-\d{3,}|C-\d{3,}|c\d{2,})\b/i.exec(text)?.[0]
  );
}

function findOrderId(text: string): string | undefined {
  const ord = /\bORD-\d{4,}\b/i.exec(text)?.[0];
  if (ord) return ord.toUpperCase();
  return firstGroup(/\border\s*(?:id|number|no\.?)?\s*(?:is|:)?\s*#?\s*(\d{4,})\b/i, text) ?? firstGroup(/#(\d{4,})\b/, text);
}

function findPhone(text: string): string | undefined {
  const cued = firstGroup(/\b(?:phone|tel|mobile|cell|call me at)\b[^\d+]{0,15}(\+?\d[\d\s().-]{6,}\d)/i, text);
  const candidates = [cued, ...(text.match(/(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,5}/g) ?? [])];
  return candidates.find((candidate): candidate is string => {
    if (candidate === undefined) return false;
    const digits = candidate.replace(/\D/g, '').length;
    return digits >= 8 && digits <= 15 && !/^\d{4}-\d{2}-\d{2}$/.test(candidate.trim()) && (candidate === cued || /[\s().+-]/.test(candidate));
  })?.trim();
}

function findMoney(text: string): { amount: number; currency: string } | undefined {
  const match = MONEY.exec(text);
  if (!match) return undefined;
  const [, symbol, symbolAmount, scale, wordAmount, unit] = match;
  const amount = Number((symbolAmount ?? wordAmount)!.replace(/,/g, '')) * (scale ? SCALES[scale.toLowerCase()]! : 1);
  const currency = symbol ? CURRENCIES[symbol]! : (CURRENCIES[unit!.toLowerCase().replace(/s$/, '')] ?? unit!.toUpperCase());
  return { amount, currency };
}

/** Full dates as ISO 8601; partial ones (no year) as written. */
function findDate(text: string): string | undefined {
  const iso = /\b\d{4}-\d{2}-\d{2}\b/.exec(text)?.[0];
  if (iso) return iso;
  const monthFirst = MONTH_DAY_YEAR.exec(text);
  if (monthFirst) return isoDate(monthFirst[3]!, monthFirst[1]!, monthFirst[2]!);
  const dayFirst = DAY_MONTH_YEAR.exec(text);
  if (dayFirst) return isoDate(dayFirst[3]!, dayFirst[2]!, dayFirst[1]!);
  return LOOSE_DATE.exec(text)?.[0];
}

function isoDate(year: string, month: string, day: string): string {
  const monthIndex = MONTH_PREFIXES.indexOf(month.slice(0, 3).toLowerCase());
  return `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** Every known entity found in the text, under its canonical key. */
export function findEntities(text: string): Map<string, EntityValue> {
  const money = findMoney(text);
  const card = findCardNumber(text);
  const found: Array<[string, EntityValue | undefined]> = [
    ['name', findName(text)],
    ['customer_id', findCustomerId(text)],
    ['email', /[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/.exec(text)?.[0]],
    ['phone', findPhone(card ? text.replace(card, ' ') : text)],
    ['order_id', findOrderId(text)],
    ['amount', money?.amount],
    ['currency', money?.currency],
    ['date', findDate(text)],
    ['company', findCompany(text)],
    ['card_last4', card ? cardLast4(card) : undefined],
  ];
  return new Map(found.filter((entry): entry is [string, EntityValue] => entry[1] !== undefined));
}
