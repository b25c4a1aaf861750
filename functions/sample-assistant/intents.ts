/** The tasks the assistant knows; the router picks one per request before any model is called. */
export const INTENTS = ['summarize', 'extract', 'policy', 'spam', 'translate', 'general'] as const;

export type Intent = (typeof INTENTS)[number];
