/** Dispatches `evalgate COMMAND ...` and turns every failure into a clear message and its exit code. */
import { ConfigFileError } from '../../evals/engine/config/yaml-source';
import { TargetSpecError } from '../../evals/engine/targets/errors';
import { UnpinnedModelError } from '../../evals/engine/pins';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';

export const USAGE = `Usage: evalgate <command> [options]

Commands:
  eval          run eval suites against a target and gate it on the policy
  release       start a release of a version or of model pins and follow it live
  status        per alias: routing, the release in flight, the last releases
  history       the release records, newest first, and why each ended as it did
  abort         stop the release in flight and roll it back (verified)
  pins check    check that model ids are pinned to dated snapshots
  pins propose  create and deploy new model pins, which starts their release
  stage         the local stage: init, publish a version (no AWS)
  simulate      run release scenarios end to end on the local stage (no AWS)
  init          scaffold a starter suite and gate policy in a project
  online-checks write the live checks (the suites' online: true assertions) as JSON, or --check them

Add --local to release, status, history, abort and pins propose to work on the local stage instead of AWS.

Run 'evalgate <command> --help' for a command's options, 'evalgate --version' for the version.
`;

export async function main(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'eval':
        return await (await import('./eval-command')).evalCommand(rest, io);
      case 'pins':
        return await (await import('./pins-command')).pinsCommand(rest, io);
      case 'release':
        return await (await import('./release-command')).releaseCommand(rest, io);
      case 'status':
        return await (await import('./status-command')).statusCommand(rest, io);
      case 'history':
        return await (await import('./status-command')).historyCommand(rest, io);
      case 'abort':
        return await (await import('./abort-command')).abortCommand(rest, io);
      case 'stage':
        return await (await import('./stage-command')).stageCommand(rest, io);
      case 'simulate':
        return await (await import('./simulate-command')).simulateCommand(rest, io);
      case 'init':
        return await (await import('./init-command')).initCommand(rest, io);
      case 'online-checks':
        return await (await import('./online-checks-command')).onlineChecksCommand(rest, io);
      case '--version':
      case '-v':
        io.stdout(`evalgate ${(await import('../../lib/private/package-root')).packageVersion()}\n`);
        return EXIT.pass;
      case undefined:
      case '-h':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? EXIT.usage : EXIT.pass;
      default:
        throw new UsageError(`unknown command '${command}'; allowed: eval, release, status, history, abort, pins, stage, simulate, init, online-checks`);
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigFileError || error instanceof TargetSpecError || error instanceof UnpinnedModelError) {
      io.stderr(`evalgate: ${error.message}\n`);
      return EXIT.usage;
    }
    io.stderr(`evalgate: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT.internal;
  }
}
