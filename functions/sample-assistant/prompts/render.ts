import { PromptTemplateError } from '../errors';

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}/gi;

/**
 * Fills `{{variable}}` placeholders in one pass, so braces inside a value (customer text) are never expanded.
 *
 * @example
 * renderTemplate('spam', 'Classify: {{message}}', { message: 'Hi' }); // 'Classify: Hi'
 * renderTemplate('spam', 'Classify: {{message}}', {}); // throws PromptTemplateError
 */
export function renderTemplate(name: string, template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(PLACEHOLDER, (_match, variable: string) => {
    const value = vars[variable];
    if (value === undefined) throw new PromptTemplateError(name, variable);
    return value;
  });
}
