import type { ReleaseStarter, StartedRelease } from '../../../functions/ports/release-starter';
import type { ReleaseInput } from '../../../functions/release/input';
import { ReleaseAlreadyStartedError } from '../../../functions/shared/errors';
import { Faults } from './faults';

/** Release executions by name, as a Standard state machine keeps them: the same name and input start nothing new. */
export class FakeReleaseStarter extends Faults<'start'> implements ReleaseStarter {
  readonly started = new Map<string, { readonly input: ReleaseInput; readonly startDate: Date }>();

  constructor(private readonly now: () => Date = () => new Date('2025-01-01T10:00:00Z')) {
    super();
  }

  async start(executionName: string, input: ReleaseInput): Promise<StartedRelease> {
    this.check('start');
    const existing = this.started.get(executionName);
    if (existing && JSON.stringify(existing.input) !== JSON.stringify(input)) throw new ReleaseAlreadyStartedError(`release ${executionName} runs another input`);
    const startDate = existing?.startDate ?? this.now();
    this.started.set(executionName, { input, startDate });
    return { executionArn: `arn:aws:states:eu-west-1:000000000000:execution:release:${executionName}`, startDate };
  }
}
