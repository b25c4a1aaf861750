/** Where a command writes; injected so tests capture output without touching the real streams. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is an interactive terminal (progress lines, colors). */
  readonly interactive: boolean;
  readonly color: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): CliIo {
  const interactive = Boolean(process.stderr.isTTY);
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive,
    color: interactive && !process.env.NO_COLOR,
    cwd: process.cwd(),
    env: process.env,
  };
}
