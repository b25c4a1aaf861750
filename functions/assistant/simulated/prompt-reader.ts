/**
 * How the simulated model reads its prompt, as a real model would: the task from the instructions, the customer's
 * content and the knowledge base from their tags. It knows nothing else about the request.
 */
export type Task = 'summarize' | 'extract' | 'classify' | 'translate' | 'answer';

export interface PromptReading {
  readonly task: Task;
  /** The prompt without its tagged sections: what the model was told to do. */
  readonly instructions: string;
  /** The customer's text, message or question. */
  readonly content: string;
  readonly knowledge: string;
}

const SECTION_NAMES = ['text', 'message', 'question', 'knowledge'] as const;
const TASK_VERBS: ReadonlyArray<readonly [RegExp, Task]> = [
  [/\bsummari[sz]e\b/i, 'summarize'],
  [/\bextract\b/i, 'extract'],
  [/\bclassify\b/i, 'classify'],
  [/\btranslate\b/i, 'translate'],
];

export function readPrompt(prompt: string): PromptReading {
  let instructions = prompt;
  const sections = new Map<string, string>();
  for (const name of SECTION_NAMES) {
    // A tag on a line of its own opens a section ("between the <text> tags" is prose); the last closing tag ends
    // it, so customer text that itself contains "</text>" stays whole.
    const open = new RegExp(`^<${name}>[ \\t]*$`, 'm').exec(instructions);
    const close = instructions.lastIndexOf(`</${name}>`);
    if (!open || close < open.index) continue;
    sections.set(name, instructions.slice(open.index + open[0].length, close).trim());
    instructions = instructions.slice(0, open.index) + instructions.slice(close + name.length + 3);
  }
  const content = sections.get('text') ?? sections.get('message') ?? sections.get('question') ?? prompt;
  return { task: readTask(instructions), instructions: instructions.trim(), content, knowledge: sections.get('knowledge') ?? '' };
}

function readTask(instructions: string): Task {
  const taskLine = /^\s*Task:(.*)$/im.exec(instructions)?.[1] ?? instructions;
  return TASK_VERBS.find(([verb]) => verb.test(taskLine))?.[1] ?? 'answer';
}
