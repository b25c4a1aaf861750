/**
 * SDK service exceptions carry their error code in `name`. The adapters map the few codes a release must react to
 * onto the pipeline's named errors; everything else passes through untouched, with its own name and message.
 */
import { TransientReleaseError } from '../../shared/errors';

/**
 * @example
 * if (isServiceError(error, 'ResourceNotFoundException')) throw new ReleaseRefusedError('...');
 */
export function isServiceError(error: unknown, ...names: readonly string[]): error is Error {
  return error instanceof Error && names.includes(error.name);
}

/**
 * Rethrows `error` as a {@link TransientReleaseError} (the state machine retries those) when its name is one of
 * `names`, and unchanged otherwise.
 *
 * @example
 * try { await client.send(command); } catch (error) { rethrowTransient(error, ['TooManyRequestsException'], 'UpdateAlias assistant:live'); }
 */
export function rethrowTransient(error: unknown, names: readonly string[], what: string): never {
  if (isServiceError(error, ...names)) {
    throw new TransientReleaseError(`${what}: ${error.name}: ${error.message}`, { cause: error });
  }
  throw error;
}
