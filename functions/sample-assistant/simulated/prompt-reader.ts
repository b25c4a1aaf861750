/**
 * How the simulated model reads its prompt, as a real model would: the task from the instructions, the customer's
 * content and the knowledge base from their tags, and the directives it was given in the instructions and the
 * system prompt. It knows nothing else about the request (not which prompt bundle it came from).
 */
export type Task = 'summarize' | 'extract' | 'classify' | 'translate' | 'answer';

/**
 * Instructions the model honours only when it is given them. Without them it does what models do unprompted:
 * rewords some figures, treats "about N words" as a target rather than a limit, wraps some JSON in a sentence,
 * and names back a competitor the customer mentions.
 */
export interface Directives {
  /** "Keep key figures exactly as written". */
  readonly verbatimFigures: boolean;
  /** "Return only a JSON object, with no prose". */
  readonly bareJson: boolean;
  /** "never name competitors" / "never name or compare with other companies". */
  readonly noCompetitorNames: boolean;
  /** "at most N words" is a limit (strict); "about N words" is a target. Absent when no length is asked for. */
  readonly wordLimit?: { readonly words: number; readonly strict: boolean };
}

export interface PromptReading {
  readonly task: Task;
  /** The prompt without its tagged sections: what the model was told to do. */
  readonly instructions: string;
  /** The customer's text, message or question. */
  readonly content: string;
  readonly knowledge: string;
  /** Read from the instructions and the system prompt, never from the customer's content. */
  readonly directives: Directives;
}

const SECTION_NAMES = ['text', 'message', 'question', 'knowledge'] as const;
const TASK_VERBS: ReadonlyArray<readonly [RegExp, Task]> = [
  [/\bsummari[sz]e\b/i, 'summarize'],
  [/\bextract\b/i, 'extract'],
  [/\bclassify\b/i, 'classify'],
  [/\btranslate\b/i, 'translate'],
];

const VERBATIM_FIGURES = /\b(?:keep|copy|quote|preserve)\b[^.\n]{0,40}\b(?:figures|numbers|amounts)\b[^.\n]{0,40}\b(?:exactly|verbatim|as written|unchanged)\b/i;
const BARE_JSON = /\bonly (?:an? |the )?JSON\b|\bJSON only\b|\bno prose\b/i;
const NO_COMPETITORS = /\b(?:never|do not|don't)\s+(?:name|mention)\b[^.\n]{0,30}\b(?:competitors?|rivals?|other companies)\b/i;
const WORD_LIMIT = /\b(at most|no more than|up to|about|around|roughly|approximately)\s+(\d+)\s+words\b/i;

/** @example readPrompt('Task: summarize ... Length: about 50 words.\n\n<text>\n...\n</text>', system).directives.wordLimit; // { words: 50, strict: false } */
export function readPrompt(prompt: string, system = ''): PromptReading {
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
  return {
    task: readTask(instructions),
    instructions: instructions.trim(),
    content,
    knowledge: sections.get('knowledge') ?? '',
    directives: readDirectives(`${system}\n${instructions}`),
  };
}

function readDirectives(told: string): Directives {
  const limit = WORD_LIMIT.exec(told);
  return {
    verbatimFigures: VERBATIM_FIGURES.test(told),
    bareJson: BARE_JSON.test(told),
    noCompetitorNames: NO_COMPETITORS.test(told),
    ...(limit ? { wordLimit: { words: Number(limit[2]), strict: /^(?:at most|no more than|up to)$/i.test(limit[1]!) } } : {}),
  };
}

function readTask(instructions: string): Task {
  const taskLine = /^\s*Task:(.*)$/im.exec(instructions)?.[1] ?? instructions;
  return TASK_VERBS.find(([verb]) => verb.test(taskLine))?.[1] ?? 'answer';
}
