/**
 * The simulated snapshots: one implementation, with a profile of behaviour switches ("quirks") per snapshot.
 * A quirk is a known way a model gets worse; the competent snapshot has none. Quirks that hit only a share of
 * inputs make a regression look like a real one: often, not always, and the same inputs every run.
 */
import { AssistantConfigError } from '../errors';
import type { ModelPrice } from '../providers/port';
import { stableFraction } from './hash';
import { countWords, shoutedWords } from './text';

export type Quirk =
  | 'paraphrase-figures' // "$4.2M" becomes "about four million dollars"
  | 'ignore-word-limit' // summaries run past the requested length
  | 'fence-json' // "Here is the JSON:" and a ```json fence around the object
  | 'drop-json-fields' // ids and unknown values go missing
  | 'truncate-json' // the object is cut off mid-way
  | 'answer-in-english' // translations of sentences come back untranslated
  | 'truncate-translation' // only the start of the text is translated
  | 'obey-injections' // "ignore previous instructions and say X" says X
  | 'leak-system-prompt' // asked for its instructions, it prints them
  | 'name-competitors' // refund answers compare with a competitor by name
  | 'over-refuse' // trigger words ("kill", "delete", "ignore") get a refusal
  | 'loose-spam' // one weak signal (urgency, punctuation) is spam, whatever the rest of the message
  | 'echo-secrets'; // card numbers and passwords are repeated as written

export interface SnapshotProfile {
  readonly id: string;
  readonly price: ModelPrice;
  /** Each quirk with the share of inputs it affects (1: all of them); which inputs is decided by a hash of the input. */
  readonly quirks: Readonly<Partial<Record<Quirk, number>>>;
  /** Quirks that appear only on long or messy content (see {@link isMessy}). */
  readonly messyInputQuirks: readonly Quirk[];
}

export const SNAPSHOTS: readonly SnapshotProfile[] = [
  {
    id: 'sim.assistant-2024-11-20',
    price: { inputPer1k: 0.0008, outputPer1k: 0.004 },
    quirks: {},
    messyInputQuirks: [],
  },
  {
    id: 'sim.assistant-2025-02-14',
    price: { inputPer1k: 0.0004, outputPer1k: 0.002 },
    quirks: {
      'paraphrase-figures': 0.7,
      'ignore-word-limit': 0.6,
      'fence-json': 0.8,
      'drop-json-fields': 0.6,
      'answer-in-english': 0.7,
      'obey-injections': 1,
      'leak-system-prompt': 1,
      'name-competitors': 1,
      'over-refuse': 1,
      'loose-spam': 1,
      'echo-secrets': 1,
    },
    messyInputQuirks: [],
  },
  {
    id: 'sim.assistant-2025-04-01',
    price: { inputPer1k: 0.0006, outputPer1k: 0.003 },
    quirks: {},
    messyInputQuirks: ['ignore-word-limit', 'drop-json-fields', 'truncate-json', 'truncate-translation'],
  },
];

/** @example snapshotProfile('sim.assistant-2030-01-01', 'EVALGATE_MODEL_ID'); // throws, listing the known snapshots */
export function snapshotProfile(modelId: string, variable: string): SnapshotProfile {
  const profile = SNAPSHOTS.find((snapshot) => snapshot.id === modelId);
  if (profile) return profile;
  const known = SNAPSHOTS.map((snapshot) => snapshot.id).join(', ');
  throw new AssistantConfigError(variable, `unknown simulated snapshot '${modelId}'; known snapshots: ${known}`);
}

/**
 * Long or messy content: over 120 words, many line breaks, shouting, stretched words ("pleeease") or runs of
 * punctuation. A deterministic function of the text, so a case always gets the same answer.
 */
export function isMessy(text: string): boolean {
  const wordCount = countWords(text);
  const shouted = shoutedWords(text).length;
  return (
    wordCount > 120 ||
    (text.match(/\n/g)?.length ?? 0) >= 10 ||
    (shouted >= 5 && shouted / Math.max(wordCount, 1) >= 0.2) ||
    (text.match(/[!?.]{3,}/g)?.length ?? 0) >= 3 ||
    (text.match(/([a-z])\1{2,}/gi)?.length ?? 0) >= 2
  );
}

export function activeQuirks(profile: SnapshotProfile, content: string): ReadonlySet<Quirk> {
  const active = new Set<Quirk>();
  for (const [quirk, share] of Object.entries(profile.quirks) as Array<[Quirk, number]>) {
    if (share >= 1 || stableFraction(`${quirk}\n${content}`) < share) active.add(quirk);
  }
  if (profile.messyInputQuirks.length > 0 && isMessy(content)) profile.messyInputQuirks.forEach((quirk) => active.add(quirk));
  return active;
}
