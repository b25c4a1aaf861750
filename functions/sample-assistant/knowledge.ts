/**
 * Lumen's support knowledge base: the only facts the assistant may state about plans, billing and accounts.
 * QA writes eval cases from these sentences, so change them together with the suites.
 */
export interface KnowledgeSection {
  readonly topic: string;
  readonly facts: readonly string[];
}

export const KNOWLEDGE_BASE: readonly KnowledgeSection[] = [
  {
    topic: 'Plans and pricing',
    facts: [
      'Lumen has three plans: Starter at $12 per user/month, Team at $24 per user/month, and Enterprise with custom pricing.',
      'Every plan starts with a 14-day free trial, and no credit card is required.',
      'Upgrades take effect immediately and are prorated; downgrades take effect at the end of the billing cycle.',
    ],
  },
  {
    topic: 'Refunds',
    facts: [
      'Monthly and annual plans get a full refund within 30 days of purchase.',
      'After 30 days, annual plans get a prorated refund for unused full months; monthly plans are not refundable after 30 days.',
      'Add-ons and usage overages are non-refundable.',
      'Refunds go to the original payment method within 5-10 business days.',
      'To request a refund, go to Settings > Billing > Request refund, or contact support with your order number (ORD-XXXXXX).',
    ],
  },
  {
    topic: 'Password and sign-in security',
    facts: [
      'To reset your password, go to Settings > Security > Reset password, or use "Forgot password" on the sign-in page.',
      'The password reset link expires after 24 hours.',
      'You can enable two-factor authentication (2FA) under Settings > Security.',
    ],
  },
  {
    topic: 'Data export',
    facts: [
      'You can export your data from Settings > Data > Export, as CSV or JSON.',
      'Exports over 1 GB are emailed to you as a download link within 1 hour.',
      'A stuck export job can be cancelled from Settings > Data > Export jobs > Cancel.',
    ],
  },
  {
    topic: 'Account deletion and cancellation',
    facts: [
      'To delete your account, go to Settings > Account > Delete account.',
      'After you delete your account, your data is permanently deleted after 30 days.',
      'If you cancel your subscription, your data stays available read-only for 90 days.',
    ],
  },
  {
    topic: 'Support',
    facts: [
      'Support is available 24/7 by chat.',
      'Phone support is available Monday-Friday, 9:00-18:00 CET.',
      'The Team and Enterprise plans include a 99.9% uptime SLA.',
    ],
  },
];

/** The knowledge base as prompt text: one `## topic` heading per section and one `- fact` line per fact. */
export function renderKnowledgeBase(sections: readonly KnowledgeSection[] = KNOWLEDGE_BASE): string {
  return sections.map((section) => [`## ${section.topic}`, ...section.facts.map((fact) => `- ${fact}`)].join('\n')).join('\n\n');
}
