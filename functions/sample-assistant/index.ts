/** Lumen Assist's Lambda entry: the handler over its production dependencies, read from the version's environment. */
import { defaultDeps } from './deps';
import { makeHandler } from './handler';

export const handler = makeHandler(defaultDeps());
