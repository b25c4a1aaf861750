/**
 * The model-pin rule: a model id used by an app under release must name an immutable snapshot.
 *
 * A snapshot is either dated (`gpt-4o-2024-11-20`, `anthropic.claude-3-5-haiku-20241022-v1:0`,
 * `sim.assistant-2024-11-20`, `gpt-4-0613`) or explicitly versioned (`amazon.titan-text-express-v1`, `gemini-1.5-pro-002`).
 * Floating aliases (`latest`, `gpt-4o`, `claude-3-5-sonnet-latest`, `o1-preview`) can change behaviour under a
 * release without any deployment, which is exactly what evalgate exists to prevent, so they are refused.
 *
 * One pure function, shared by the CLI (`evalgate pins check`), the sample assistant, the release pipeline
 * and the AppConfig validator.
 */

export type PinVerdict =
  | { readonly ok: true; readonly modelId: string; readonly kind: 'dated' | 'versioned' }
  | { readonly ok: false; readonly modelId: string; readonly reason: string };

const FLOATING_TOKENS = /(^|[^a-z])(latest|current|stable|default|preview|beta|newest)([^a-z]|$)/i;
const ALLOWED_CHARS = /^[A-Za-z0-9._:/@-]+$/;
// 2024-11-20, 2024_11_20, 20241022 surrounded by separators or the ends of the id.
const DATE = /(?:^|[^0-9])(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?=$|[^0-9])/g;
// gpt-4-0613, gpt-3.5-turbo-0125: OpenAI's older month-day snapshots.
const MONTH_DAY_SUFFIX = /-(\d{2})(\d{2})$/;
// -v1, -v1:0, -v2.1 (Bedrock style), -001 / @001 (three-digit revision), :3 after a version.
const VERSION_SUFFIX = /(?:[-_]v\d+(?:[.:]\d+)*|[-@]\d{3})$/i;

/** True when `year-month-day` is a real calendar date in the plausible range for model snapshots. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 2015 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

/** 'valid' when the id carries a real snapshot date, 'invalid' when it carries a date-like part that is none. */
function snapshotDate(modelId: string): 'valid' | { invalid: string } | undefined {
  let invalid: string | undefined;
  for (const match of modelId.matchAll(DATE)) {
    if (isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) return 'valid';
    invalid ??= match[0].replace(/^[^0-9]/, '');
  }
  const monthDay = MONTH_DAY_SUFFIX.exec(modelId);
  if (monthDay && isCalendarDate(2024, Number(monthDay[1]), Number(monthDay[2]))) return 'valid';
  return invalid === undefined ? undefined : { invalid };
}

/**
 * Checks one model id against the pin rule.
 *
 * @example
 * checkModelPin('gpt-4o-2024-11-20');        // { ok: true, kind: 'dated', ... }
 * checkModelPin('claude-3-5-sonnet-latest'); // { ok: false, reason: "'latest' is a floating alias ..." }
 */
export function checkModelPin(modelId: string): PinVerdict {
  const id = modelId.trim();
  if (id.length === 0) {
    return { ok: false, modelId, reason: 'model id is empty; pin a dated snapshot such as gpt-4o-2024-11-20' };
  }
  if (id !== modelId) {
    return { ok: false, modelId, reason: 'model id has leading or trailing white space' };
  }
  if (!ALLOWED_CHARS.test(id)) {
    return { ok: false, modelId, reason: 'model id may only contain letters, digits and . _ : / @ -' };
  }
  const floating = FLOATING_TOKENS.exec(id);
  if (floating) {
    const token = floating[2]!.toLowerCase();
    return {
      ok: false,
      modelId,
      reason: `'${token}' is a floating alias that can change without a deployment; pin a dated snapshot`,
    };
  }
  const date = snapshotDate(id);
  if (date === 'valid') return { ok: true, modelId, kind: 'dated' };
  if (VERSION_SUFFIX.test(id)) return { ok: true, modelId, kind: 'versioned' };
  if (date) return { ok: false, modelId, reason: `'${date.invalid}' is not a calendar date; pin a real dated snapshot` };
  return {
    ok: false,
    modelId,
    reason:
      'undated alias: a pin must name a snapshot with a date (gpt-4o-2024-11-20, ...-20241022-v1:0) ' +
      'or an explicit version suffix (-v1, -v1:0, -002)',
  };
}

/** Throws {@link UnpinnedModelError} unless `modelId` satisfies the pin rule; returns it otherwise. */
export function assertModelPinned(modelId: string, where: string): string {
  const verdict = checkModelPin(modelId);
  if (!verdict.ok) throw new UnpinnedModelError(where, modelId, verdict.reason);
  return modelId;
}

export class UnpinnedModelError extends Error {
  override readonly name = 'UnpinnedModelError';
  constructor(
    readonly where: string,
    readonly modelId: string,
    readonly reason: string,
  ) {
    super(`${where}: model id '${modelId}' is not pinned: ${reason}`);
  }
}
