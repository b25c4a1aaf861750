/**
 * Spam classification from weighted features (see `spam-signals.ts`): what a spammer wants pushes towards spam,
 * the marks of an ordinary business message pull back. Tone alone (urgency, capitals, punctuation) is never
 * enough: an upset customer writes like that too.
 */
import type { Quirk } from '../profiles';
import type { PromptReading } from '../prompt-reader';
import { ORDINARY, SIGNALS } from './spam-signals';

const SPAM_THRESHOLD = 3;
const LOOSE_THRESHOLD = 1;

export function classifySpam(reading: PromptReading, quirks: ReadonlySet<Quirk>): string {
  const message = reading.content;
  const found = SIGNALS.filter((signal) => signal.present(message));
  // The regressed snapshot: one weak signal is spam, whatever the rest of the message says.
  const loose = quirks.has('loose-spam');
  const ordinary = loose ? 0 : ORDINARY.filter((pattern) => pattern.test(message)).length;
  const score = found.reduce((sum, signal) => sum + signal.weight, 0) - ordinary;
  const wantsSomething = loose || found.some((signal) => signal.kind === 'content');
  if (score >= (loose ? LOOSE_THRESHOLD : SPAM_THRESHOLD) && wantsSomething) {
    return `Verdict: SPAM - ${listReasons(found.slice(0, 3).map((signal) => signal.reason))}`;
  }
  if (found.length === 0) return 'Verdict: NOT SPAM - an ordinary message with no spam signals';
  return `Verdict: NOT SPAM - an ordinary message despite ${found[0]!.reason}`;
}

function listReasons(reasons: readonly string[]): string {
  return reasons.length < 2 ? reasons.join('') : `${reasons.slice(0, -1).join(', ')} and ${reasons.at(-1)}`;
}
