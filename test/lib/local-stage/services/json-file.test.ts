import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFile } from '../../../../lib/local-stage/services/json-file';
import { useTempDirs } from './temp-dir';

const tempDir = useTempDirs();

describe('JsonFile', () => {
  it('reads the default while the file does not exist, without creating it', () => {
    const path = join(tempDir(), 'state', 'aliases.json');
    const file = new JsonFile(path, { aliases: {} as Record<string, string> });

    expect(file.read()).toEqual({ aliases: {} });
    expect(existsSync(path)).toBe(false);
  });

  it('writes a change, creating the folder, and leaves no temporary file', () => {
    // Prepare
    const dir = tempDir();
    const path = join(dir, 'state', 'aliases.json');
    const file = new JsonFile(path, { aliases: {} as Record<string, string> });

    // Act
    const result = file.update((doc) => {
      doc.aliases['assistant:live'] = '5';
      return 'done';
    });

    // Assess
    expect(result).toBe('done');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ aliases: { 'assistant:live': '5' } });
    expect(readdirSync(join(dir, 'state'))).toEqual(['aliases.json']);
    expect(new JsonFile(path, { aliases: {} }).read()).toEqual({ aliases: { 'assistant:live': '5' } });
  });

  it('never changes the default it was given', () => {
    const initial = { items: [] as number[] };
    const file = new JsonFile(join(tempDir(), 'a.json'), initial);

    file.update((doc) => doc.items.push(1));

    expect(initial).toEqual({ items: [] });
  });

  it('leaves memory and disk untouched when a change throws', () => {
    // Prepare
    const path = join(tempDir(), 'a.json');
    const file = new JsonFile(path, { count: 0 });
    file.update((doc) => {
      doc.count = 1;
    });

    // Act
    const act = () =>
      file.update((doc) => {
        doc.count = 2;
        throw new Error('refused halfway');
      });

    // Assess
    expect(act).toThrow('refused halfway');
    expect(file.read()).toEqual({ count: 1 });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ count: 1 });
  });

  it('loads the file once', () => {
    const path = join(tempDir(), 'a.json');
    writeFileSync(path, '{"count":1}');
    const file = new JsonFile(path, { count: 0 });
    expect(file.read()).toEqual({ count: 1 });

    writeFileSync(path, '{"count":2}');

    expect(file.read()).toEqual({ count: 1 });
  });

  it('fails when the file is not JSON, naming it', () => {
    const path = join(tempDir(), 'broken.json');
    writeFileSync(path, '{"count":');

    expect(() => new JsonFile(path, {}).read()).toThrow(`${path} is not valid JSON`);
  });
});
