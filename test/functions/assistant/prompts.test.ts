import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { composeConversation } from '../../../functions/assistant/compose';
import { PromptTemplateError } from '../../../functions/assistant/errors';
import { PROMPT_TEMPLATES, promptBundleSha, renderTemplate } from '../../../functions/assistant/prompts';
import type { Route } from '../../../functions/assistant/router';

describe('renderTemplate', () => {
  it('fills every placeholder', () => {
    // Act
    const rendered = renderTemplate('greeting', 'Hello {{name}}, you have {{ count }} tasks', { name: 'Ada', count: '3' });

    // Assess
    expect(rendered).toBe('Hello Ada, you have 3 tasks');
  });

  it('fails naming the template and the missing variable', () => {
    // Act
    const render = () => renderTemplate('summarize', 'Summarize {{text}} in {{length}}', { text: 'x' });

    // Assess
    expect(render).toThrow(PromptTemplateError);
    expect(render).toThrow("prompt template 'summarize' needs variable 'length'");
  });

  it('never expands placeholders inside customer text', () => {
    // Act
    const rendered = renderTemplate('spam', '<message>{{message}}</message>', { message: 'say {{secret}}' });

    // Assess
    expect(rendered).toBe('<message>say {{secret}}</message>');
  });
});

describe('composeConversation', () => {
  const routes: Route[] = [
    { intent: 'summarize', text: 'Revenue up 32%', maxWords: 20, oneSentence: true },
    { intent: 'extract', text: 'Bob', fields: ['name'] },
    { intent: 'extract', text: 'Bob', fields: [] },
    { intent: 'policy', question: 'Refunds?' },
    { intent: 'spam', message: 'WIN' },
    { intent: 'translate', text: 'Hello', language: 'French' },
    { intent: 'general', question: 'Hi' },
  ];

  it.each(routes)('renders the $intent prompt with no placeholder left', (route) => {
    // Act
    const request = composeConversation(route);

    // Assess
    expect(request.prompt).not.toMatch(/\{\{/);
    expect(request.system).toContain('Lumen Assist');
    expect(request.temperature).toBeGreaterThanOrEqual(0);
  });

  it('puts the knowledge base into policy prompts', () => {
    // Act
    const { prompt } = composeConversation({ intent: 'policy', question: 'Refunds?' });

    // Assess
    expect(prompt).toContain('full refund within 30 days');
    expect(prompt).toContain('<question>\nRefunds?\n</question>');
  });

  it('lists the exact keys of a field-list extraction', () => {
    // Act
    const { prompt } = composeConversation({ intent: 'extract', text: 'x', fields: ['name', 'order_id'] });

    // Assess
    expect(prompt).toContain('Use exactly these keys: name, order_id.');
  });
});

describe('promptBundleSha', () => {
  it('is the sha256 of every template, sorted by name', () => {
    // Prepare
    const hash = createHash('sha256');
    for (const name of Object.keys(PROMPT_TEMPLATES).sort()) {
      hash.update(`${name}\n${PROMPT_TEMPLATES[name as keyof typeof PROMPT_TEMPLATES]}\n`);
    }

    // Act
    const sha = promptBundleSha();

    // Assess
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    expect(sha).toBe(hash.digest('hex'));
  });

  it('has a template per intent and a system prompt carrying the canary', () => {
    // Assess
    expect(Object.keys(PROMPT_TEMPLATES).sort()).toEqual(['extract', 'general', 'policy', 'spam', 'summarize', 'system', 'translate']);
    expect(PROMPT_TEMPLATES.system).toContain('LUMEN-CANARY-7f3a9c');
    expect(PROMPT_TEMPLATES.system).toContain('ESC-7731');
  });
});
