/**
 * The December 2024 bundle, frozen, and the default: figures kept verbatim, hard word limits, bare JSON only,
 * no competitor named (in the system prompt and the policy prompt).
 */
import type { PromptBundle } from '../bundle';
import { EXTRACT_TEMPLATE } from './extract';
import { GENERAL_TEMPLATE } from './general';
import { POLICY_TEMPLATE } from './policy';
import { SPAM_TEMPLATE } from './spam';
import { SUMMARIZE_TEMPLATE } from './summarize';
import { SYSTEM_TEMPLATE } from './system';
import { TRANSLATE_TEMPLATE } from './translate';

export const BUNDLE: PromptBundle = {
  system: SYSTEM_TEMPLATE,
  summarize: SUMMARIZE_TEMPLATE,
  extract: EXTRACT_TEMPLATE,
  policy: POLICY_TEMPLATE,
  spam: SPAM_TEMPLATE,
  translate: TRANSLATE_TEMPLATE,
  general: GENERAL_TEMPLATE,
};
