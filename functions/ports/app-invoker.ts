import type { Target } from '../../evals/engine/types';

/** Builds eval targets for versions of the app under release (AWS: Lambda Invoke of a version). */
export interface AppInvoker {
  target(functionName: string, version: string): Target;
}
