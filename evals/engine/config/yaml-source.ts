/**
 * Reads a YAML file once and answers "where is this JSON path?" with file:line:column, so every error about a
 * suite or policy file can point at the exact place a person has to edit.
 */
import { readFileSync } from 'node:fs';
import { CORE_SCHEMA, load, type YAMLException } from 'js-yaml';
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document } from 'yaml';

export type DocPath = ReadonlyArray<string | number>;

/** One problem in a configuration file. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The JSON path in the document, e.g. `cases[3].assert[0].type`; empty for the document itself. */
  readonly path: string;
  readonly message: string;
}

export function formatPath(path: DocPath): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.column}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where} ${problem.path}: ${problem.message}`;
}

/** A configuration file that could not be used. Carries every problem found, not just the first. */
export class ConfigFileError extends Error {
  override readonly name = 'ConfigFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
    options?: { cause?: unknown },
  ) {
    super(`${file} is not valid:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`, options);
  }
}

/**
 * One YAML file, read once. The data comes from js-yaml (core schema: no dates, no custom tags), which is several
 * times faster on a cold start than a full document model; the positioned document of `yaml` is only built when
 * there is a problem to locate, so the common case of a valid file pays nothing for error reporting.
 */
export class YamlSource {
  private located: { doc: Document.Parsed; lines: LineCounter } | undefined;

  private constructor(
    readonly file: string,
    private readonly text: string,
    private readonly value: unknown,
  ) {}

  /** Parses `file`; a missing file or a YAML syntax error becomes a {@link ConfigFileError} with its position. */
  static read(file: string): YamlSource {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
      throw new ConfigFileError(file, [{ file, line: 1, column: 1, path: '', message: reason }], { cause: error });
    }
    return YamlSource.parse(file, text);
  }

  static parse(file: string, text: string): YamlSource {
    try {
      return new YamlSource(file, text, load(text, { schema: CORE_SCHEMA, filename: file }));
    } catch (error) {
      throw syntaxError(file, text, error as YAMLException);
    }
  }

  /** The document as plain JavaScript data. */
  data(): unknown {
    return this.value;
  }

  /** A problem located at `path` (or at the closest ancestor that exists); `atKey` points at the key instead. */
  problem(path: DocPath, message: string, atKey = false): ConfigProblem {
    const { doc, lines } = this.document();
    const { line, col } = lines.linePos(offsetOf(doc, path, atKey));
    return { file: this.file, line, column: col, path: formatPath(path), message };
  }

  private document(): { doc: Document.Parsed; lines: LineCounter } {
    if (!this.located) {
      const lines = new LineCounter();
      this.located = { doc: parseDocument(this.text, { lineCounter: lines }), lines };
    }
    return this.located;
  }
}

/** Syntax errors are reported by `yaml` (clearer messages), falling back to js-yaml's own mark. */
function syntaxError(file: string, text: string, error: YAMLException): ConfigFileError {
  const lines = new LineCounter();
  const first = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false }).errors[0];
  if (first) {
    const { line, col } = lines.linePos(first.pos[0]);
    return new ConfigFileError(file, [{ file, line, column: col, path: '', message: `YAML syntax: ${first.message.split('\n')[0]}` }], { cause: error });
  }
  const mark = error.mark;
  return new ConfigFileError(file, [{ file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, path: '', message: `YAML syntax: ${error.reason}` }], { cause: error });
}

function offsetOf(doc: Document.Parsed, path: DocPath, atKey: boolean): number {
  for (let depth = path.length; depth > 0; depth -= 1) {
    if (atKey && depth === path.length) {
      const parent = doc.getIn(path.slice(0, depth - 1), true);
      const pair = isMap(parent) ? parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === path[depth - 1]) : undefined;
      if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
    }
    const node = doc.getIn(path.slice(0, depth), true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) return node.range[0] as number;
  }
  return doc.contents?.range?.[0] ?? 0;
}
