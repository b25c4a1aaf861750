/**
 * JSON extraction. The keys come from the instructions: either an exact list ("Use exactly these keys: ...") or
 * the keys allowed when found ("Include only the keys you find among: ..."). Not told to return only JSON, the
 * model wraps some answers in a sentence, some in a markdown fence as well.
 */
import { stableFraction } from '../hash';
import type { Quirk } from '../profiles';
import type { PromptReading } from '../prompt-reader';
import { findEntities, type EntityValue } from './entities';
import { fieldValue } from './fields';

// Names customers use for the entities the finders know.
const ALIASES: Readonly<Record<string, string>> = {
  full_name: 'name', customer_name: 'name', client_name: 'name', contact_name: 'name', person: 'name',
  email_address: 'email', e_mail: 'email', mail: 'email',
  phone_number: 'phone', telephone: 'phone', mobile: 'phone', tel: 'phone',
  customer_number: 'customer_id', customer: 'customer_id', client_id: 'customer_id', account_id: 'customer_id', customer_no: 'customer_id',
  order_number: 'order_id', order: 'order_id', order_no: 'order_id', order_ref: 'order_id',
  total: 'amount', price: 'amount', cost: 'amount', amount_due: 'amount', total_amount: 'amount', refund_amount: 'amount',
  order_date: 'date', invoice_date: 'date', due_date: 'date', purchase_date: 'date',
  company_name: 'company', organization: 'company', organisation: 'company', employer: 'company',
  card: 'card_last4', card_number: 'card_last4', credit_card: 'card_last4', last4: 'card_last4', card_last_4: 'card_last4',
};

/** The share of extractions wrapped in prose when the prompt does not ask for JSON only (the first part fenced too). */
const WRAPPED_SHARE = 0.25;
const FENCED_SHARE = 0.1;

export function extract(reading: PromptReading, quirks: ReadonlySet<Quirk>): string {
  const entities = findEntities(reading.content);
  const exact = keyList(/Use exactly these keys:\s*([^.\n]+)/i, reading.instructions);
  const record = exact ? exactRecord(exact, entities, reading.content) : foundRecord(keyList(/keys you find among:\s*([^.\n]+)/i, reading.instructions), entities);
  const kept = quirks.has('drop-json-fields') ? dropFields(record) : record;
  let json = JSON.stringify(kept);
  if (quirks.has('truncate-json')) json = json.slice(0, Math.ceil(json.length * 0.6));
  if (quirks.has('fence-json')) return fenced(json);
  return reading.directives.bareJson ? json : unprompted(json, reading.content);
}

const fenced = (json: string): string => `Here is the JSON:\n\`\`\`json\n${json}\n\`\`\``;

/** What a model not told "JSON only" tends to do with a share of inputs: a preface, sometimes a fence as well. */
function unprompted(json: string, content: string): string {
  const fraction = stableFraction(`json-wrapping\n${content}`);
  if (fraction < FENCED_SHARE) return fenced(json);
  return fraction < WRAPPED_SHARE ? `Here is the extracted data:\n${json}` : json;
}

function keyList(pattern: RegExp, instructions: string): string[] | undefined {
  return pattern.exec(instructions)?.[1]?.split(',').map((key) => key.trim()).filter(Boolean);
}

/** The requested keys in the requested order, null when absent; a card is only ever its last 4 digits. */
function exactRecord(keys: readonly string[], entities: ReadonlyMap<string, EntityValue>, text: string): Record<string, EntityValue | null> {
  const record: Record<string, EntityValue | null> = {};
  for (const key of keys) {
    const canonical = ALIASES[key] ?? key;
    const outputKey = canonical === 'card_last4' ? canonical : key;
    record[outputKey] = entities.get(canonical) ?? fieldValue(text, key) ?? null;
  }
  return record;
}

function foundRecord(allowed: readonly string[] | undefined, entities: ReadonlyMap<string, EntityValue>): Record<string, EntityValue> {
  const keys = [...(allowed ?? [...entities.keys()]), 'card_last4'];
  return Object.fromEntries(keys.flatMap((key) => (entities.has(key) ? [[key, entities.get(key)!]] : [])));
}

/** The regressed behaviour: ids and missing values vanish. */
function dropFields<T>(record: Record<string, T | null>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter((entry): entry is [string, T] => entry[1] !== null && !entry[0].endsWith('_id')));
}
