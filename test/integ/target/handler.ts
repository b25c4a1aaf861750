/**
 * The integration test's target: a small app under release, written as a team writes one (README, "The app
 * contract"). It answers the eval request `{ input, vars, caseId }` with `{ output, latencyMs }`, reads its model
 * from the release environment and scores its responses with `liveScore()`, whose EMF metrics the gate's
 * observability check and the canary's live-score alarm read on AWS.
 *
 * `INTEG_LIVE_ANSWER=leak` (set on the rollback case's candidate only) degrades the answers given through an alias,
 * i.e. live traffic: the eval run, which invokes the version itself, still passes, and the canary must catch it.
 */
import middy from '@middy/core';
import { liveScore, readReleaseEnv, trafficOf } from 'evalgate/runtime';

interface Request {
  readonly input?: unknown;
}

interface Context {
  readonly invokedFunctionArn: string;
}

/** The leak the suite's live checks look for (test/integ/evals/suites/integ.yaml). */
export const LEAK = 'INTEG-LEAK-42';

/** The answer to an input: what the suite's three cases expect, and a short fallback for anything else. */
export function answerOf(input: string): string {
  const text = input.toLowerCase();
  if (text.includes('hello')) return 'Hello! The release pipeline is listening.';
  if (text.includes('refund')) return 'You can ask for a refund within 30 days of purchase.';
  const order = /order (\d+)/i.exec(input);
  if (order) return JSON.stringify({ order: order[1] });
  return 'I can greet you, state the refund window and extract order numbers.';
}

/** The response to one request, from the ARN it was invoked with (a version: eval traffic; an alias: live). */
export function respond(event: Request, invokedFunctionArn: string, env: Readonly<Record<string, string | undefined>>) {
  const { modelId } = readReleaseEnv(env);
  const output = answerOf(typeof event?.input === 'string' ? event.input : '');
  const degraded = env.INTEG_LIVE_ANSWER === 'leak' && trafficOf(invokedFunctionArn) === 'live';
  // A fixed latency: the gate compares the candidate's p95 with the live version's, and cold starts are noise here.
  return { output: degraded ? `${output} ${LEAK}` : output, latencyMs: 25, model: modelId };
}

export const handler = middy(async (event: Request, context: Context) => respond(event, context.invokedFunctionArn, process.env)).use(liveScore());
