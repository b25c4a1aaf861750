/** Turns a route into the model request: the bundle's rendered system prompt, the intent's prompt and its settings. */
import type { Intent } from './intents';
import { renderKnowledgeBase } from './knowledge';
import { SUPPORTED_LANGUAGES } from './languages';
import { DEFAULT_PROMPT_BUNDLE, PROMPT_BUNDLES, renderTemplate, type PromptBundleId } from './prompts';
import type { ConverseRequest } from './providers/port';
import type { Route } from './router';

/** What an extraction returns when the customer does not list fields. */
export const DEFAULT_EXTRACT_FIELDS = ['name', 'customer_id', 'email', 'phone', 'order_id', 'amount', 'date', 'company'] as const;

// Temperature 0 everywhere but small talk: evals compare runs, and support answers should not vary.
const SETTINGS: Readonly<Record<Intent, { maxTokens: number; temperature: number }>> = {
  summarize: { maxTokens: 300, temperature: 0 },
  extract: { maxTokens: 400, temperature: 0 },
  policy: { maxTokens: 300, temperature: 0 },
  spam: { maxTokens: 60, temperature: 0 },
  translate: { maxTokens: 800, temperature: 0 },
  general: { maxTokens: 300, temperature: 0.3 },
};

/**
 * Every bundle gets the same variables and uses those it needs.
 *
 * @example
 * composeConversation({ intent: 'spam', message: 'WIN $$$' }).prompt; // 'Task: classify the message ... WIN $$$ ...'
 * composeConversation(route, '2024-10'); // the same request with the 2024-10 prompts
 */
export function composeConversation(route: Route, bundle: PromptBundleId = DEFAULT_PROMPT_BUNDLE): ConverseRequest {
  const templates = PROMPT_BUNDLES[bundle];
  return {
    system: renderTemplate('system', templates.system, {}),
    prompt: renderTemplate(route.intent, templates[route.intent], templateVars(route)),
    ...SETTINGS[route.intent],
  };
}

function templateVars(route: Route): Record<string, string> {
  switch (route.intent) {
    case 'summarize': {
      // `length` states a limit, `approx_length` a target (the 2024-10 wording).
      const sentence = route.oneSentence ? 'one sentence of ' : '';
      return { text: route.text, length: `${sentence}at most ${route.maxWords} words`, approx_length: `${sentence}about ${route.maxWords} words` };
    }
    case 'extract':
      return { text: route.text, keys_rule: keysRule(route.fields) };
    case 'spam':
      return { message: route.message };
    case 'translate':
      return { text: route.text, language: route.language, supported_languages: SUPPORTED_LANGUAGES.join(', ') };
    case 'policy':
    case 'general':
      return { question: route.question, knowledge: renderKnowledgeBase() };
  }
}

function keysRule(fields: readonly string[]): string {
  if (fields.length === 0) return `Include only the keys you find among: ${DEFAULT_EXTRACT_FIELDS.join(', ')}.`;
  return `Use exactly these keys: ${fields.join(', ')}. Use null for a key whose value is not in the text.`;
}
