/**
 * The prompt bundle. Templates are TypeScript string constants, not .md files read at run time, so they travel
 * inside the esbuild bundle and the hash below is the hash of exactly what runs.
 */
import { createHash } from 'node:crypto';
import type { Intent } from '../intents';
import { EXTRACT_TEMPLATE } from './extract';
import { GENERAL_TEMPLATE } from './general';
import { POLICY_TEMPLATE } from './policy';
import { SPAM_TEMPLATE } from './spam';
import { SUMMARIZE_TEMPLATE } from './summarize';
import { SYSTEM_TEMPLATE } from './system';
import { TRANSLATE_TEMPLATE } from './translate';

export type TemplateName = Intent | 'system';

export const PROMPT_TEMPLATES: Readonly<Record<TemplateName, string>> = {
  system: SYSTEM_TEMPLATE,
  summarize: SUMMARIZE_TEMPLATE,
  extract: EXTRACT_TEMPLATE,
  policy: POLICY_TEMPLATE,
  spam: SPAM_TEMPLATE,
  translate: TRANSLATE_TEMPLATE,
  general: GENERAL_TEMPLATE,
};

/**
 * The sha256 (hex) of every template, sorted by name, each preceded by its name. Any prompt edit changes it, which
 * is how a release tells a prompt change apart from a code change (EVALGATE_PROMPT_SHA).
 *
 * @example
 * promptBundleSha(); // '3f1c…' (64 hex characters)
 */
export function promptBundleSha(): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(PROMPT_TEMPLATES).sort()) {
    hash.update(`${name}\n${PROMPT_TEMPLATES[name as TemplateName]}\n`);
  }
  return hash.digest('hex');
}

export { renderTemplate } from './render';
