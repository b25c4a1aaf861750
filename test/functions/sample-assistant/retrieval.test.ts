import { describe, expect, it } from 'vitest';
import { ask, wordCount } from './helpers';

const NOT_COVERED = /don't have information about that/;

describe('knowledge-base retrieval (sim.assistant-2024-11-20)', () => {
  it.each([
    // the customer's words for what the knowledge base calls otherwise
    ['How much would 8 seats on Team cost us?', ['$24 per user/month']],
    ['Is phone support open on Sunday?', ['Monday-Friday, 9:00-18:00 CET', '24/7 by chat']],
    ['When we move down to Starter, do we keep the Team features until the renewal?', ['end of the billing cycle']],
    ['I upgraded yesterday - when do the new features start?', ['immediately', 'prorated']],
    ['What happens to my tasks and files if I stop paying?', ['read-only for 90 days']],
    ['Where do I go to claim my refund?', ['Settings > Billing > Request refund']],
    ['Is there a public price list for the Enterprise plan?', ['custom pricing']],
    ['I forgot my login details again, how do I get back in?', ['Reset password']],
  ])('answers the paraphrased question %j', async (question, facts) => {
    // Act
    const output = await ask(question);

    // Assess
    for (const fact of facts) expect(output).toContain(fact);
    expect(wordCount(output)).toBeLessThanOrEqual(120);
  });

  it('finds the question among context sentences', async () => {
    // Act
    const output = await ask('We just signed the contract last week and rolled Lumen out to sales. How do I reset my password?');

    // Assess
    expect(output).toContain('Settings > Security > Reset password');
  });

  it('answers a request joined to another one', async () => {
    // Act
    const output = await ask('My manager asked me to look into this. Give me a JSON backup of our boards, and tell me how long big exports take.');

    // Assess
    expect(output).toContain('Settings > Data > Export');
    expect(output).toContain('within 1 hour');
  });

  it('answers each thing a question is about', async () => {
    // Act
    const output = await ask('Can I get my money back if I cancel after two weeks?');

    // Assess
    expect(output).toContain('full refund within 30 days');
    expect(output).toContain('read-only for 90 days');
  });

  it.each([
    'We are 40 people on a monthly plan. Do you offer volume discounts?',
    'Can I change the colour of my dashboard?',
  ])('does not answer %j with facts its context merely mentions', async (question) => {
    // Act
    const output = await ask(question);

    // Assess
    expect(output).toMatch(NOT_COVERED);
  });
});
