/**
 * The FAQ the assistant answers from: each entry is matched by its keywords, the best-scoring entry answers.
 * Deterministic on purpose (no model call): the fixture proves evalgate's wiring, not a model.
 */
export interface FaqEntry {
  readonly topic: string;
  readonly keywords: readonly string[];
  readonly answer: string;
}

export const FAQ: readonly FaqEntry[] = [
  {
    topic: 'password',
    keywords: ['password', 'reset', 'forgot', 'log in', 'login', 'sign in'],
    answer: 'To reset your password, open Settings > Security and choose "Reset password". We email you a link that is valid for 24 hours.',
  },
  {
    topic: 'refund',
    keywords: ['refund', 'money back', 'return', 'cancel my order'],
    answer: 'You can ask for a refund within 30 days of purchase from Billing > Orders. Refunds reach your card in 5 to 10 business days.',
  },
  {
    topic: 'shipping',
    keywords: ['shipping', 'ship', 'delivery', 'deliver', 'arrive'],
    answer: 'Standard shipping takes 3 to 5 business days and is free on orders over $50. Express shipping takes 1 to 2 business days.',
  },
  {
    topic: 'hours',
    keywords: ['hours', 'open', 'opening', 'support team', 'phone', 'call'],
    answer: 'Our support team is available Monday to Friday, 9:00 to 18:00 CET, by chat or at +1 555 0100.',
  },
  {
    topic: 'plans',
    keywords: ['plan', 'pricing', 'price', 'cost', 'upgrade', 'pro'],
    answer: 'The Free plan has 3 projects. The Pro plan costs $12 per user per month and has unlimited projects.',
  },
  {
    topic: 'export',
    keywords: ['export', 'download', 'csv', 'backup'],
    answer: 'Export your data from Settings > Data > Export: you get a CSV file per project, emailed to you within an hour.',
  },
  {
    topic: 'delete',
    keywords: ['delete my account', 'close my account', 'delete account', 'remove my account'],
    answer: 'To delete your account, go to Settings > Account > Delete account. Deletion is permanent after 14 days.',
  },
];

export const FALLBACK_ANSWER = 'I can only answer questions about accounts, billing, shipping, plans and data export. Please contact support for anything else.';

/** The entry whose keywords the question mentions most, or undefined when it mentions none. */
export function findEntry(question: string): FaqEntry | undefined {
  const text = question.toLowerCase();
  let best: FaqEntry | undefined;
  let bestHits = 0;
  for (const entry of FAQ) {
    const hits = entry.keywords.filter((keyword) => text.includes(keyword)).length;
    if (hits > bestHits) {
      best = entry;
      bestHits = hits;
    }
  }
  return best;
}
