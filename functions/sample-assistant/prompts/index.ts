/**
 * The prompt bundles. Templates are TypeScript string constants, not .md files read at run time, so they travel
 * inside the esbuild bundle and the hash below is the hash of exactly what runs.
 *
 * A bundle is a complete, frozen set of templates (one folder per bundle, named after the month it was written).
 * A prompt change is a new bundle, started as a copy of the newest one: released bundles are never edited, so a
 * bundle's sha never changes and any version can be rolled back to the prompts it ran with. The function picks its
 * bundle with EVALGATE_PROMPT_BUNDLE (see config.ts).
 */
import { createHash } from 'node:crypto';
import { BUNDLE as BUNDLE_2024_10 } from './2024-10/index';
import { BUNDLE as BUNDLE_2024_12 } from './2024-12/index';
import type { PromptBundle, TemplateName } from './bundle';

export type { PromptBundle, TemplateName } from './bundle';

export const PROMPT_BUNDLES = {
  '2024-10': BUNDLE_2024_10,
  '2024-12': BUNDLE_2024_12,
} as const satisfies Readonly<Record<string, PromptBundle>>;

export type PromptBundleId = keyof typeof PROMPT_BUNDLES;

/** Every bundle id, oldest first. */
export const PROMPT_BUNDLE_IDS = (Object.keys(PROMPT_BUNDLES) as PromptBundleId[]).sort();

/** The bundle a function runs when EVALGATE_PROMPT_BUNDLE is not set. */
export const DEFAULT_PROMPT_BUNDLE: PromptBundleId = '2024-12';

/** The default bundle's templates. */
export const PROMPT_TEMPLATES: PromptBundle = PROMPT_BUNDLES[DEFAULT_PROMPT_BUNDLE];

export const isPromptBundleId = (value: string): value is PromptBundleId => Object.hasOwn(PROMPT_BUNDLES, value);

/**
 * The sha256 (hex) of one bundle's templates, sorted by name, each preceded by its name. Any prompt edit changes
 * it, which is how a release tells a prompt change apart from a code change (EVALGATE_PROMPT_SHA). The bundle id
 * itself is not hashed: two bundles with the same templates are the same prompts.
 *
 * @example
 * promptBundleSha(); // the default bundle's: 'b84c…' (64 hex characters)
 * promptBundleSha('2024-10'); // '…' another sha: other templates
 */
export function promptBundleSha(bundle: PromptBundleId = DEFAULT_PROMPT_BUNDLE): string {
  const templates = PROMPT_BUNDLES[bundle];
  const hash = createHash('sha256');
  for (const name of (Object.keys(templates) as TemplateName[]).sort()) {
    hash.update(`${name}\n${templates[name]}\n`);
  }
  return hash.digest('hex');
}

export { renderTemplate } from './render';
