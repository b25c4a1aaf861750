import { describe, expect, it } from 'vitest';
import { ask } from './helpers';

describe('small talk (sim.assistant-2024-11-20)', () => {
  it.each(['Good evening!', 'hey there'])('greets %j politely and offers help, even when a word matches a fact', async (input) => {
    // Act
    const output = await ask(input);

    // Assess
    expect(output).toMatch(/^Hello!/);
    expect(output).toContain("I'm happy to help");
    expect(output).not.toContain('CET');
  });

  it.each(['How can you help me?', 'What sort of questions can you answer?'])('lists what it can do for %j', async (input) => {
    // Act
    const output = await ask(input);

    // Assess
    expect(output).toMatch(/billing, refunds/);
    expect(output).toMatch(/summarize, extract, classify or translate/);
  });

  it('apologises and redirects an out-of-scope request', async () => {
    // Act
    const output = await ask('Can you recommend a good movie for tonight?');

    // Assess
    expect(output).toMatch(/^Sorry, that's outside what I can help with/);
    expect(output).toMatch(/anything about Lumen I can help with\?$/);
  });

  it.each(["It doesn't work anymore", 'still broken!!', 'the thing keeps crashing'])(
    'asks what is wrong when %j names no feature',
    async (input) => {
      // Act
      const output = await ask(input);

      // Assess
      expect(output).toMatch(/^Sorry to hear something isn't working\. Could you tell me/);
      expect(output).toContain('?');
    },
  );

  it('does not ask back when the problem names what is broken', async () => {
    // Act
    const output = await ask('The Gantt view is not loading');

    // Assess
    expect(output).not.toMatch(/Could you tell me/);
    expect(output).toContain('24/7 by chat');
  });
});
