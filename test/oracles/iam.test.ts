/**
 * The IAM oracle: every SDK command an adapter sends for a release function (or for the operator CLI) must be
 * allowed by that function's synthesized role, as the IAM policy simulator judges the exact action and resource
 * AWS authorizes for it; and nothing the roles allow moves another function's alias or another pipeline's pins.
 *
 * It shares no belief with lib/: the calls come from running the adapters (iam/calls.ts, iam/sdk.ts) and each
 * Lambda entry on a release event (iam/handlers.ts), the actions and ARNs from the Service Authorization
 * Reference and the services' guides (iam/authorization.ts, checked against iam-data in iam/iam-data.ts), the
 * decisions from the simulator over the template's policies (iam/stack.ts, iam/simulate.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamRequestsOf, type IamRequest, type SentCommand } from './iam/authorization';
import { ADAPTER_METHODS, CODEBUILD_REPORT_ARN, deployment, operatorWorld, RELEASE, releaseCalls, worldOf, type Use } from './iam/calls';
import { handlerRuns, invoke, loadEntry } from './iam/handlers';
import { sarProblems } from './iam/iam-data';
import { ACCOUNT, REGION } from './iam/intrinsics';
import { recordSdk, type SdkRecorder } from './iam/sdk';
import { actionMatches, simulate } from './iam/simulate';
import { synthesizeRelease, type RoleInfo, type SynthesizedRelease } from './iam/stack';
import { RELEASE_ALARM_PREFIX } from '../../lib/private/task-permissions';

const FUNCTIONS = ['prepare', 'check-unit-tests', 'run-eval-shard', 'decide-gate', 'shift-traffic', 'check-health', 'promote', 'rollback', 'finalize', 'reconcile', 'pins-trigger'] as const;
const CALLERS = [...FUNCTIONS, 'operator'] as const;
type Caller = (typeof CALLERS)[number];

/** One row of the table: who, through which adapter method, sent what, and what AWS authorizes for it. */
interface Row {
  readonly caller: Caller;
  readonly use: string;
  readonly command: SentCommand;
  readonly requests: readonly IamRequest[];
}

let synth: SynthesizedRelease;
let sdk: SdkRecorder;
const rows: Row[] = [];
/** Adapter methods that sent nothing: a table entry that no longer reaches AWS. */
const silent: string[] = [];
/** What each Lambda entry sent when invoked with one release event (iam/handlers.ts), and how the run ended. */
const entryRuns = new Map<Caller, { readonly sent: readonly SentCommand[]; readonly error: unknown }>();

const roleOf = (caller: Caller): RoleInfo => (caller === 'operator' ? synth.operator : synth.functions[caller]!.role);
const nameOf = (role: RoleInfo): string => (role === synth.operator ? 'operator' : Object.entries(synth.functions).find(([, f]) => f.role === role)?.[0] ?? role.logicalId);
const show = (command: SentCommand) => `${command.operation} ${JSON.stringify(command.input, (_, v: unknown) => (v instanceof Uint8Array ? '<bytes>' : v)).slice(0, 160)}`;

async function record<W>(caller: Caller, world: W, uses: readonly Use<W>[]): Promise<void> {
  for (const use of uses) {
    const sent = await sdk.sentBy(() => use.run(world), use.stub).catch((error: unknown) => {
      throw new Error(`${caller}: ${use.label} failed on the stubbed SDK (iam/sdk.ts answers): ${(error as Error).message}`, { cause: error });
    });
    if (sent.length === 0) silent.push(`${caller}: ${use.label}`);
    for (const command of sent) rows.push({ caller, use: use.label, command, requests: iamRequestsOf(command) });
  }
}

beforeAll(async () => {
  synth = synthesizeRelease();
  const { appConfig } = deployment(synth);
  const calls = releaseCalls(synth);
  sdk = recordSdk({
    ...RELEASE,
    configurationProfileId: appConfig!.configurationProfileId,
    codeBuildReportArn: CODEBUILD_REPORT_ARN,
    executionArn: calls.executionArn,
  });
  for (const caller of FUNCTIONS) {
    const fn = synth.functions[caller];
    if (!fn) throw new Error(`the template has no release function ${caller}`);
    await record(caller, worldOf(caller, fn.environment), calls.tasks[caller]!);
  }
  await record('operator', operatorWorld(synth), calls.operator);
  const runs = handlerRuns(synth, appConfig!.configurationProfileId);
  for (const task of FUNCTIONS) {
    const handler = await loadEntry(task, synth.functions[task]!.environment);
    let error: unknown;
    const sent = await sdk.sentBy(() => invoke(handler, runs[task]!.event).catch((e: unknown) => (error = e)), runs[task]!.stub);
    entryRuns.set(task, { sent, error });
  }
});

afterAll(() => sdk?.restore());

describe('the IAM oracle', () => {
  it('finds every release function in the template, and the table names each of them', () => {
    expect(Object.keys(synth.functions).sort()).toEqual([...FUNCTIONS].sort());
    expect(new Set(rows.map((row) => row.caller))).toEqual(new Set(CALLERS));
    expect(silent).toEqual([]);
  });

  it('calls every public adapter method in the table of some function', () => {
    const called = new Set(rows.map((row) => row.use.split(/[ (]/)[0]));
    const methods = Object.entries(ADAPTER_METHODS).flatMap(([port, names]) => Object.keys(names).map((method) => `${port}.${method}`));
    expect(methods.filter((method) => !called.has(method))).toEqual([]);
  });

  it.each(FUNCTIONS)('%s: its Lambda entry runs a release event to its end and sends nothing its table lacks', (caller) => {
    const run = entryRuns.get(caller)!;
    expect(run.error === undefined ? 'completed' : `failed: ${String((run.error as Error)?.message ?? run.error)}`).toBe('completed');
    const tabled = new Set(rows.filter((r) => r.caller === caller).flatMap((r) => r.requests.map((q) => `${q.action} on ${q.resource}`)));
    const untabled = run.sent.flatMap((command) => {
      try {
        return iamRequestsOf(command).map((q) => `${q.action} on ${q.resource}`).filter((q) => !tabled.has(q)).map((q) => `${show(command)}: ${q}`);
      } catch (error) {
        return [`${show(command)}: ${(error as Error).message}`];
      }
    });
    expect(run.sent.length).toBeGreaterThan(0);
    expect(untabled).toEqual([]);
  });

  it.each(CALLERS)('%s: each call is authorized as an action and ARN of the types the Service Authorization Reference gives', async (caller) => {
    const problems: string[] = [];
    for (const row of rows.filter((r) => r.caller === caller)) {
      for (const problem of await sarProblems(row.requests)) problems.push(`${row.use} -> ${row.command.operation}: ${problem}`);
    }
    expect(problems).toEqual([]);
  });

  it.each(CALLERS)('%s: its role allows every call it makes', async (caller) => {
    const role = roleOf(caller);
    const denied: string[] = [];
    for (const row of rows.filter((r) => r.caller === caller)) {
      for (const request of row.requests) {
        const verdict = await simulate(role, request);
        if (verdict.decision !== 'Allowed') {
          denied.push(`${row.use} -> ${show(row.command)} needs ${request.action} on ${request.resource}: ${verdict.decision} (${verdict.why})`);
        }
      }
    }
    expect(denied).toEqual([]);
  });
});

/**
 * What a function's role needs beyond its adapters' calls: the Lambda service uses the function's role for these
 * (Lambda developer guide: "Defining Lambda function permissions with an execution role" for logs; "Visualize
 * Lambda function invocations using AWS X-Ray" for active tracing; "Capturing records of Lambda asynchronous
 * invocations" for a dead-letter queue or an on-failure destination, where CDK's grant adds the two read actions).
 */
const RUNTIME_ACTIONS = new Set(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']);

describe('what each role grants and nothing calls', () => {
  it.each(CALLERS)('%s: its role grants no action that none of its calls needs', (caller) => {
    const needed = new Set(rows.filter((row) => row.caller === caller).flatMap((row) => row.requests.map((request) => request.action)));
    const unused = roleOf(caller).policies.flatMap(({ name, policy }) =>
      policy.Statement.filter((statement) => statement.Effect === 'Allow').flatMap((statement) =>
        [statement.Action ?? []].flat().map(String)
          .filter((pattern) => !RUNTIME_ACTIONS.has(pattern) && ![...needed].some((action) => actionMatches(pattern, action)))
          .map((pattern) => `${pattern} (${name}, on ${[statement.Resource].flat().join(', ')})`),
      ),
    );
    expect(unused).toEqual([]);
  });
});

describe('what no role allows', () => {
  const other = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:other-function`;
  const otherApp = `arn:aws:appconfig:${REGION}:${ACCOUNT}:application/otherapp`;
  const alarm = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
  const FORBIDDEN: ReadonlyArray<IamRequest & { readonly what: string }> = [
    ...['lambda:UpdateAlias', 'lambda:CreateAlias', 'lambda:DeleteAlias'].flatMap((action) => [
      { what: 'another function', action, resource: other },
      { what: 'an alias of another function', action, resource: `${other}:live` },
    ]),
    ...['lambda:UpdateFunctionConfiguration', 'lambda:PublishVersion'].map((action) => ({ what: 'another function', action, resource: other })),
    ...['appconfig:StartDeployment', 'appconfig:StopDeployment'].flatMap((action) => [
      { what: "another application's environment", action, resource: `${otherApp}/environment/otherenv` },
      { what: 'another application', action, resource: otherApp },
    ]),
    { what: "another application's deployment", action: 'appconfig:StopDeployment', resource: `${otherApp}/environment/otherenv/deployment/1` },
    { what: "another application's configuration profile", action: 'appconfig:StartDeployment', resource: `${otherApp}/configurationprofile/otherprofile` },
    { what: `an alarm not named ${RELEASE_ALARM_PREFIX}...`, action: 'cloudwatch:DeleteAlarms', resource: alarm('team-p1-errors') },
  ];

  async function rolesAllowing(request: IamRequest): Promise<string[]> {
    const allowedBy: string[] = [];
    for (const role of Object.values(synth.roles)) {
      const verdict = await simulate(role, request);
      if (verdict.decision === 'Error') throw new Error(`cannot simulate ${request.action} on ${request.resource}: ${verdict.why}`);
      if (verdict.decision === 'Allowed') allowedBy.push(`${nameOf(role)}: ${verdict.why}`);
    }
    return allowedBy;
  }

  it.each(FORBIDDEN.map((request) => [request.action, request.what, request] as const))('no role may %s on %s', async (_, __, request) => {
    expect(await rolesAllowing(request), `${request.action} on ${request.resource}`).toEqual([]);
  });

  it('no role may cloudwatch:DeleteAlarms on the team alarm the canary honours (EVALGATE_EXTRA_ALARMS)', async () => {
    const teamAlarms = JSON.parse(synth.functions['check-health']!.environment.EVALGATE_EXTRA_ALARMS ?? '[]') as string[];
    expect(teamAlarms).toHaveLength(1);
    expect(await rolesAllowing({ action: 'cloudwatch:DeleteAlarms', resource: alarm(teamAlarms[0]!) })).toEqual([]);
  });

  it('no role may invoke the target through its live alias or $LATEST: evals reach published versions only', async () => {
    for (const qualifier of ['live', '$LATEST']) {
      const request = { action: 'lambda:InvokeFunction', resource: `${synth.target.arn}:${qualifier}` };
      expect(await rolesAllowing(request), `${request.action} on ${request.resource}`).toEqual([]);
    }
  });

  /** The writes that move production: only the functions whose use case makes them may. */
  const MOVES_PRODUCTION = new Set(['lambda:UpdateAlias', 'lambda:CreateAlias', 'lambda:DeleteAlias', 'lambda:PublishVersion', 'lambda:UpdateFunctionConfiguration', 'appconfig:StartDeployment', 'appconfig:StopDeployment']);

  it('no role but those of the functions that make them may move the alias, publish or configure the target, or deploy the pins', async () => {
    const makers = new Map<string, Set<string>>();
    for (const row of rows) {
      for (const request of row.requests) {
        if (!MOVES_PRODUCTION.has(request.action)) continue;
        const id = `${request.action} on ${request.resource}`;
        makers.set(id, (makers.get(id) ?? new Set()).add(row.caller));
      }
    }
    expect(makers.size).toBeGreaterThan(0);
    const unexpected: string[] = [];
    for (const [id, callers] of makers) {
      const [action, resource] = id.split(' on ') as [string, string];
      for (const role of Object.values(synth.roles)) {
        const name = nameOf(role);
        if (callers.has(name)) continue;
        const verdict = await simulate(role, { action, resource });
        if (verdict.decision === 'Allowed') unexpected.push(`${name} may ${id}, which only ${[...callers].join(', ')} make: ${verdict.why}`);
      }
    }
    expect(unexpected).toEqual([]);
  });
});
