import { join } from 'node:path';
import { JsonFile } from '../../lib/local-stage/services/json-file';
import { emptyAppConfig, LocalPinStore } from '../../lib/local-stage/services/pin-store';
import { FakePinStore } from '../helpers/fakes/pin-store';
import { useTempDirs } from '../lib/local-stage/services/temp-dir';
import { pinStoreContract } from './pin-store.contract';

const tempDir = useTempDirs();

pinStoreContract('LocalPinStore', () => new LocalPinStore(new JsonFile(join(tempDir(), 'appconfig.json'), emptyAppConfig())));
pinStoreContract('FakePinStore', () => new FakePinStore());
