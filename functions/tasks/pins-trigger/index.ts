/** The Lambda entry of the AppConfig trigger: its handler over the AWS adapters, built from the function's environment at cold start. */
import { awsWorld } from '../../adapters/aws/world';
import { InvalidEnvironmentError, PINS_TRIGGER_ENV, readEnv } from '../../shared/env';
import { makeHandler } from './handler';

const world = awsWorld(readEnv(PINS_TRIGGER_ENV));
// PINS_TRIGGER_ENV requires every AppConfig id: the trigger exists only when model pins are managed.
const pinStore = world.pinStore ?? (() => { throw new InvalidEnvironmentError('invalid function environment: the AppConfig trigger needs the EVALGATE_APPCONFIG_ variables'); })();

export const handler = makeHandler({ logger: world.logger, pinsTrigger: world.pinsTrigger, starter: world.starter, pinStore });
