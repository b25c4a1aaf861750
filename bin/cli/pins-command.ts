/** `evalgate pins check MODEL_ID...`: the model-pin rule as a command. Exit 0 when every id is pinned, else 1. */
import { checkModelPin } from '../../evals/engine/pins';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

export const PINS_USAGE = `Usage: evalgate pins check MODEL_ID...
       evalgate pins propose MODEL_ID [--fallback MODEL_ID] [--local]   (see 'evalgate pins propose --help')

Checks that each model id is pinned to a dated or versioned snapshot (gpt-4o-2024-11-20,
anthropic.claude-3-5-haiku-20241022-v1:0, sim.assistant-2024-11-20), never a floating alias (latest, gpt-4o).
Exit codes: 0 all pinned, 1 one or more refused, 2 usage error.
`;

export async function pinsCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [sub, ...ids] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    io.stdout(PINS_USAGE);
    return sub === undefined ? EXIT.usage : EXIT.pass;
  }
  if (sub === 'propose') return (await import('./pins-propose')).pinsProposeCommand(ids, io);
  if (sub !== 'check') throw new UsageError(`unknown pins command '${sub}'; allowed: check, propose`);
  if (ids.length === 0) throw new UsageError('pins check needs at least one MODEL_ID');
  let refused = 0;
  for (const id of ids) {
    const verdict = checkModelPin(id);
    if (verdict.ok) io.stdout(`ok       ${id} (${verdict.kind})\n`);
    else {
      refused += 1;
      io.stdout(`refused  ${JSON.stringify(id)}: ${verdict.reason}\n`);
    }
  }
  return refused === 0 ? EXIT.pass : EXIT.blocked;
}
