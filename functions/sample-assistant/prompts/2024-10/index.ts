/**
 * The October 2024 bundle, frozen: the prompts before the 2024-12 rewrite. It does not ask to keep figures
 * verbatim, gives summaries a target length ("about N words") instead of a limit, does not insist on bare JSON and
 * does not forbid naming competitors.
 */
import type { PromptBundle } from '../bundle';
// The spam, translate and general prompts were not touched by the 2024-12 rewrite: one text for both bundles.
import { GENERAL_TEMPLATE } from '../2024-12/general';
import { SPAM_TEMPLATE } from '../2024-12/spam';
import { TRANSLATE_TEMPLATE } from '../2024-12/translate';
import { EXTRACT_TEMPLATE } from './extract';
import { POLICY_TEMPLATE } from './policy';
import { SUMMARIZE_TEMPLATE } from './summarize';
import { SYSTEM_TEMPLATE } from './system';

export const BUNDLE: PromptBundle = {
  system: SYSTEM_TEMPLATE,
  summarize: SUMMARIZE_TEMPLATE,
  extract: EXTRACT_TEMPLATE,
  policy: POLICY_TEMPLATE,
  spam: SPAM_TEMPLATE,
  translate: TRANSLATE_TEMPLATE,
  general: GENERAL_TEMPLATE,
};
