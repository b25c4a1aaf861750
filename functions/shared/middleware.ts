/**
 * The middleware chain every release task handler uses: Lambda context in the logs, the event validated against
 * the task's schema, and failures logged by name and message only. Events carry release metadata, and eval
 * results travel through the reports bucket, but the rule is simple and kept everywhere: no payload is logged.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { ParseError } from '@aws-lambda-powertools/parser';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import type { MiddlewareObj } from '@middy/core';
import type { z } from 'zod';
import { InvalidReleaseInputError } from './errors';

export const RELEASE_SERVICE_NAME = 'evalgate-release';

/**
 * The level is fixed at construction: Powertools puts a logger back on its initial level at every invocation
 * (sampling), so a later setLogLevel does not last.
 *
 * @example const logger = createReleaseLogger(); const quiet = createReleaseLogger('SILENT');
 */
export const createReleaseLogger = (logLevel?: 'SILENT'): Logger => new Logger({ serviceName: RELEASE_SERVICE_NAME, ...(logLevel ? { logLevel } : {}) });

/** The local stage's task logs: silent unless EVALGATE_LOCAL_LOGS=1 (the timeline says what happened). */
export const localStageLogger = (): Logger => createReleaseLogger(process.env.EVALGATE_LOCAL_LOGS === '1' ? undefined : 'SILENT');

/** A task's dependencies: those of its use case, and the logger its middleware chain writes with. */
export type TaskDeps<D> = D & { readonly logger: Logger };

export interface TaskChainOptions {
  /** The state name, for error messages and logs (`Prepare`, `ShiftTraffic` ...). */
  readonly task: string;
  readonly schema: z.ZodType;
  readonly logger: Logger;
}

/**
 * @example
 * middy(async (event: ShiftEvent) => shiftTraffic(event, deps)).use(releaseTaskChain({ task: 'ShiftTraffic', schema, logger }));
 */
export function releaseTaskChain(options: TaskChainOptions): MiddlewareObj[] {
  return [
    // logEvent pinned off: POWERTOOLS_LOGGER_LOG_EVENT=true in the environment would otherwise log every payload.
    injectLambdaContext(options.logger, { logEvent: false, resetKeys: true }) as MiddlewareObj,
    parser({ schema: options.schema }) as MiddlewareObj,
    namedErrors(options.task, options.logger),
  ];
}

/**
 * Registered last so its onError runs first: the state machine's Retry and Catch match on the error name, so a
 * schema failure must leave as InvalidReleaseInputError naming the fields, not as Powertools' ParseError.
 */
function namedErrors(task: string, logger: Logger): MiddlewareObj {
  return {
    onError: (request) => {
      if (request.error instanceof ParseError) {
        request.error = new InvalidReleaseInputError(`invalid ${task} event: ${describeIssues(request.error.cause)}`);
      }
      const error = request.error;
      logger.error(`${task} failed`, {
        errorName: error instanceof Error ? error.name : typeof error,
        // Messages are written by evalgate and name fields and versions, never payload text.
        errorMessage: error instanceof Error ? error.message : 'non-Error value thrown',
      });
    },
  };
}

interface SchemaIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }>;
}

/** Standard Schema issues as `path: message`, without the offending values. */
function describeIssues(cause: unknown): string {
  if (!Array.isArray(cause)) return 'does not match its schema';
  return (cause as SchemaIssue[])
    .map((issue) => {
      const path = (issue.path ?? []).map((part) => String(typeof part === 'object' ? part.key : part)).join('.');
      return `${path === '' ? 'event' : path}: ${issue.message}`;
    })
    .join('; ');
}
