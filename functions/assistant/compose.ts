/** Turns a route into the model request: the rendered system prompt, the intent's prompt and its settings. */
import type { Intent } from './intents';
import { renderKnowledgeBase } from './knowledge';
import { SUPPORTED_LANGUAGES } from './languages';
import { PROMPT_TEMPLATES, renderTemplate } from './prompts';
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
 * @example
 * composeConversation({ intent: 'spam', message: 'WIN $$$' }).prompt; // 'Task: classify the message ... WIN $$$ ...'
 */
export function composeConversation(route: Route): ConverseRequest {
  return {
    system: renderTemplate('system', PROMPT_TEMPLATES.system, {}),
    prompt: renderTemplate(route.intent, PROMPT_TEMPLATES[route.intent], templateVars(route)),
    ...SETTINGS[route.intent],
  };
}

function templateVars(route: Route): Record<string, string> {
  switch (route.intent) {
    case 'summarize': {
      const length = route.oneSentence ? `one sentence of at most ${route.maxWords} words` : `at most ${route.maxWords} words`;
      return { text: route.text, length };
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
