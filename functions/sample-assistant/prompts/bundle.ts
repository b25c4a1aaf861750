import type { Intent } from '../intents';

export type TemplateName = Intent | 'system';

/** One template per intent plus the system prompt: what a prompt bundle is. */
export type PromptBundle = Readonly<Record<TemplateName, string>>;
