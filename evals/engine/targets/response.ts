import { z } from 'zod';
import type { TargetResponse } from '../types';
import { TargetError } from './errors';

const responseSchema = z.object({
  output: z.string(),
  latencyMs: z.number().nonnegative().optional(),
  usage: z.object({ inputTokens: z.number().nonnegative(), outputTokens: z.number().nonnegative() }).optional(),
  costUsd: z.number().nonnegative().optional(),
  model: z.string().optional(),
});

/** Validates what a target returned against the response contract. */
export function toTargetResponse(spec: string, body: unknown): TargetResponse {
  const parsed = responseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.join('.') : 'response';
  throw new TargetError('invalid-response', `${spec} returned an invalid response: ${where}: ${issue.message}`, false);
}
