import { z } from 'zod';
import { InvalidRequestError } from './errors';
import { INTENTS } from './intents';

/** Long enough for a pasted email thread, short enough to bound the cost of one request. */
export const MAX_INPUT_CHARS = 20_000;

const eventSchema = z.object({
  input: z.string().max(MAX_INPUT_CHARS),
  vars: z.looseObject({ task: z.enum(INTENTS).optional() }).optional(),
  caseId: z.string().optional(),
});

export type AssistantRequest = z.infer<typeof eventSchema>;

/**
 * Validates a handler event against the contract `{ input, vars?, caseId? }`.
 *
 * @example
 * parseEvent({ input: 'Translate to French: Hello' }); // { input: 'Translate to French: Hello' }
 * parseEvent({ input: 42 }); // throws InvalidRequestError('input: Invalid input: expected string, received number')
 */
export function parseEvent(event: unknown): AssistantRequest {
  const parsed = eventSchema.safeParse(event);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : 'event';
  throw new InvalidRequestError(`${field}: ${issue.message}`);
}
