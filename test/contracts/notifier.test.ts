import { join } from 'node:path';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { emptyNotifications, LocalNotifier } from '../../lib/local-stage/services/notifier';
import { FakeNotifier } from '../helpers/fakes/notifier';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { notifierContract } from './notifier.contract';

const tempDir = useTempDirs();

notifierContract('LocalNotifier', () => {
  const notifier = new LocalNotifier(new JsonFile(join(tempDir(), 'notifications.json'), emptyNotifications()));
  return { notifier, delivered: () => notifier.messages };
});

notifierContract('FakeNotifier', () => {
  const notifier = new FakeNotifier();
  return { notifier, delivered: () => notifier.messages };
});
