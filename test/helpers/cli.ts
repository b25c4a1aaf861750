import { main } from '../../bin/cli/main';
import type { CliIo } from '../../bin/cli/io';

/** Runs the CLI in-process with captured output. */
export async function runCli(argv: readonly string[], cwd = process.cwd(), env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), interactive: false, color: false, cwd, env };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
