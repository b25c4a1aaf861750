/**
 * One JSON document on disk: the state of one simulated AWS service on the local stage, kept between runs so the
 * CLI can show it. I/O is synchronous on purpose: a read-modify-write then cannot interleave with another call in
 * the same process (the local stage runs tasks concurrently, e.g. the eval shards of a Map state), which is the
 * atomicity the real services give. A write goes to a temporary file renamed over the old one, so a reader in
 * another process never sees half a document.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

let temporaryFiles = 0;

/**
 * Writes `text` to `path` atomically (temporary file and rename), creating the folder.
 *
 * @example
 * writeFileAtomic('.evalgate/reports/releases/r-1/gate.json', '{}');
 */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  temporaryFiles += 1;
  const temporary = `${path}.${process.pid}-${temporaryFiles}.tmp`;
  writeFileSync(temporary, text, 'utf8');
  renameSync(temporary, path);
}

/**
 * @example
 * const file = new JsonFile('.evalgate/aliases.json', { aliases: {} });
 * file.update((doc) => { doc.aliases['assistant:live'] = { version: '5', additionalWeights: {} }; });
 * file.read().aliases; // { 'assistant:live': ... }
 */
export interface JsonFileOptions {
  /** Indented for people reading the file; a large, machine-read file is written on one line. @default true */
  readonly pretty?: boolean;
  /**
   * Keep the document in memory between calls. Off for a file other processes write too (the local executions,
   * where `evalgate abort` in one terminal stops a release another one runs). @default true
   */
  readonly cache?: boolean;
}

export class JsonFile<T> {
  private value: T | undefined;

  /** `initial` is the document while the file does not exist; it is copied, never changed. */
  constructor(
    readonly path: string,
    private readonly initial: T,
    private readonly options: JsonFileOptions = {},
  ) {}

  /** The document, loaded from disk on first use. Change it only through {@link update}. */
  read(): Readonly<T> {
    if (this.options.cache === false) return this.load();
    this.value ??= this.load();
    return this.value;
  }

  /**
   * Applies `change` to a copy of the document and writes it; returns what `change` returns. The copy makes a
   * change that throws halfway leave both memory and disk untouched.
   */
  update<R>(change: (draft: T) => R): R {
    const draft = structuredClone(this.read()) as T;
    const result = change(draft);
    writeFileAtomic(this.path, `${JSON.stringify(draft, null, (this.options.pretty ?? true) ? 1 : undefined)}\n`);
    this.value = draft;
    return result;
  }

  private load(): T {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(this.initial);
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new Error(`${this.path} is not valid JSON (delete it to start the local stage afresh): ${(error as Error).message}`, { cause: error });
    }
  }
}
