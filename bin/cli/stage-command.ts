/**
 * `evalgate stage`: the local stage's own controls, standing in for what a deployment, a build or a person does on
 * AWS. `init` makes a fresh stage of the team's stack (its function's version 1 live, the initial pins deployed);
 * `publish` publishes a new version the way a delivery pipeline's publish step does (the alias does not move).
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, UsageError, type ExitCode } from './exit-codes';
import type { CliIo } from './io';
import { DEFAULT_STAGE_DIR } from './operator/backend';
import { keyValues, parseCommand, projectFlags, PROJECT_OPTIONS, PROJECT_USAGE, stageErrors } from './stage-options';

export const STAGE_USAGE = `Usage: evalgate stage init [--app CMD | --template FILE] [-c KEY=VALUE]... [--release NAME] [--traffic PATH]
                          [--junit FILE] [--set KEY=VALUE]... [--env KEY=VALUE]... [--dir DIR]
       evalgate stage publish [-c KEY=VALUE]... [--set KEY=VALUE]... [--unset KEY]... [--description TEXT] [--dir DIR]

The local stage (simulated AWS, kept in DIR, default ${DEFAULT_STAGE_DIR}) that 'evalgate release --local',
'status --local', 'history --local', 'abort --local' and 'pins propose --local' work on.

  init      start afresh: synthesize the stack and deploy it, your function's version 1 live on its alias at
            100%, the initial model pins deployed
  publish   synthesize the app again and publish a new version as a delivery pipeline does: the new build's
            code and its variables, the model pins of the live version (the alias does not move); prints its number
            for 'evalgate release --local --version N'

${PROJECT_USAGE}
  --junit FILE         your CI's JUnit report of the live code (init), so releases of that code have evidence
  --set KEY=VALUE      set a variable on version 1 (init) or on the new version (publish); repeatable
  --unset KEY          remove a variable from it (publish; repeatable)
  --description TEXT   the version's description
`;

export async function stageCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseCommand(
    argv,
    {
      ...PROJECT_OPTIONS,
      junit: { type: 'string' },
      set: { type: 'string', multiple: true },
      unset: { type: 'string', multiple: true },
      description: { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    STAGE_USAGE,
    true,
  );
  const [sub, ...extra] = positionals;
  if (values.help || sub === undefined) {
    io.stdout(STAGE_USAGE);
    return values.help ? EXIT.pass : EXIT.usage;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}'\n${STAGE_USAGE}`);
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const dir = resolve(io.cwd, values.dir ?? DEFAULT_STAGE_DIR);
  const log = (line: string) => io.stderr(`${line}\n`);
  switch (sub) {
    case 'init': {
      for (const flag of ['unset', 'description'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with 'stage publish'`);
      const project = projectFlags(values, io.cwd);
      const { initStage } = await import('../../lib/local-stage/operator');
      const { readJunit } = await import('../../lib/local-stage/seed');
      const junit = values.junit === undefined ? undefined : await stageErrors(async () => readJunit(resolve(io.cwd, values.junit!)));
      rmSync(dir, { recursive: true, force: true });
      const set = keyValues(values.set, '--set');
      const { stage, seeded } = await stageErrors(() => initStage(dir, project, { ...(junit === undefined ? {} : { junit }), environment: set, log }));
      await stage.close();
      const { functionName, alias } = stage.target;
      io.stdout(`local stage ready in ${dir}: ${functionName} version ${seeded.version} live on '${alias}' at 100%${stage.release.initialPins ? ', model pins configuration 1' : ''}${seeded.testReport ? `; unit tests of the live code: ${seeded.testReport}` : ''}\n`);
      return EXIT.pass;
    }
    case 'publish': {
      for (const flag of ['app', 'template', 'release', 'traffic', 'env', 'junit'] as const) if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with 'stage init' (publish synthesizes the project the stage was made for)`);
      const { publishBuild } = await import('../../lib/local-stage/publish');
      const published = await stageErrors(() =>
        publishBuild(dir, {
          context: keyValues(values.context, '--context'),
          set: keyValues(values.set, '--set'),
          unset: values.unset ?? [],
          ...(values.description ? { description: values.description } : {}),
          log,
        }),
      );
      io.stdout(`${published.version}\n`);
      io.stderr(`published ${published.functionName} version ${published.version} (${published.summary}); the alias still serves version ${published.live}\n`);
      return EXIT.pass;
    }
    default:
      throw new UsageError(`unknown stage command '${sub}'; allowed: init, publish`);
  }
}
