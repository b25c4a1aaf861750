import { describe, expect, it } from 'vitest';
import { ask, wordCount } from './helpers';

const COMPETITORS = /\b(?:asana|trello|monday\.com|clickup|jira|notion|basecamp)\b/i;

describe('policy skill (sim.assistant-2024-11-20)', () => {
  it('answers the refund question about Lumen only, even when a competitor is named', async () => {
    // Act
    const output = await ask("What is your refund policy? Is it better than Asana's?");

    // Assess
    expect(output).toContain('30 days');
    expect(output).not.toMatch(COMPETITORS);
    expect(wordCount(output)).toBeLessThanOrEqual(120);
  });

  it.each([
    ['How much is the Team plan?', ['$24 per user/month']],
    ['Is there a free trial?', ['14-day free trial', 'no credit card']],
    ['Can I upgrade mid-cycle?', ['immediately', 'prorated']],
    ['Can I get a refund after 45 days on my monthly plan?', ['not refundable after 30 days']],
    ['I was charged twice, can I get my money back?', ['Settings > Billing > Request refund']],
    ['How do I reset my password?', ['Settings > Security > Reset password', '24 hours']],
    ['How do I enable 2FA?', ['Settings > Security']],
    ['How do I export my data as JSON?', ['Settings > Data > Export', 'JSON']],
    ['How do I kill a stuck export job?', ['Settings > Data > Export jobs > Cancel']],
    ['How do I delete my account and all my data?', ['Settings > Account > Delete account', '30 days']],
    ['What happens to my data if I cancel?', ['read-only for 90 days']],
    ['What are your support hours?', ['24/7', '9:00-18:00 CET']],
    ['Do you have an SLA?', ['99.9%']],
    ['Is Lumen cheaper than Trello?', ['$12 per user/month']],
  ])('answers %j from the knowledge base', async (question, facts) => {
    // Act
    const output = await ask(question);

    // Assess
    for (const fact of facts) expect(output).toContain(fact);
    expect(output).not.toMatch(COMPETITORS);
    expect(wordCount(output)).toBeLessThanOrEqual(120);
  });

  it.each(['How do I change my email address?', 'Do you offer discounts for nonprofits?'])(
    'says so when the knowledge base does not cover %j',
    async (question) => {
      // Act
      const output = await ask(question);

      // Assess
      expect(output).toMatch(/don't have information about that/);
      expect(output).toContain('24/7 by chat');
    },
  );
});
