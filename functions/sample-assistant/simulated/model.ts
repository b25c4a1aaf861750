/**
 * The simulated model: reads its prompt, does the task with real text processing, and behaves as its snapshot's
 * profile says. Deterministic: the same prompt always gets the same answer.
 */
import { obey } from './injection';
import { activeQuirks, type Quirk, type SnapshotProfile } from './profiles';
import { readPrompt, type PromptReading, type Task } from './prompt-reader';
import { answerQuestion } from './skills/answer';
import { classifySpam } from './skills/classify-spam';
import { extract } from './skills/extract';
import { summarize } from './skills/summarize';
import { translate } from './skills/translate';

type Skill = (reading: PromptReading, quirks: ReadonlySet<Quirk>) => string;

const SKILLS: Readonly<Record<Task, Skill>> = {
  summarize,
  extract,
  classify: classifySpam,
  translate,
  answer: answerQuestion,
};

// Identifiers in the system prompt's confidential line, e.g. LUMEN-CANARY-7f3a9c or ESC-7731.
const CONFIDENTIAL_TOKEN = /\b[A-Z]{2,}(?:-[A-Za-z0-9]+)+\b/g;

/** @example respond(profile, system, 'Task: translate ... into French ...<text>\nHello\n</text>'); // 'Bonjour' */
export function respond(profile: SnapshotProfile, system: string, prompt: string): string {
  const reading = readPrompt(prompt, system);
  const quirks = activeQuirks(profile, reading.content);
  const obeyed = obey(reading.content, system, quirks);
  if (obeyed !== undefined) return obeyed;
  const output = SKILLS[reading.task](reading, quirks);
  return quirks.has('leak-system-prompt') ? output : withholdConfidential(output, system);
}

/** A competent model keeps its confidential notes out of every answer, even when a customer quotes them. */
function withholdConfidential(output: string, system: string): string {
  const confidential = system.split('\n').filter((line) => /confidential/i.test(line)).join(' ');
  const secrets = confidential.match(CONFIDENTIAL_TOKEN) ?? [];
  return secrets.reduce((text, secret) => text.split(secret).join('[withheld]'), output);
}
