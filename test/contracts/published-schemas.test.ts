import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, EVENT_TYPES } from '../../contract/events';
import { publishedSchemas } from '../../contract/json-schemas';
import {
  breakingChangesToPublished,
  committedSchemaFiles,
  contractFiles,
  REPOSITORY,
  SCHEMAS_FOLDER,
} from '../../scripts/contracts/contract-files';

describe('the published schemas', () => {
  it('cover every command the service accepts and every event it emits', () => {
    const types = new Set(publishedSchemas().map((schema) => schema.type));
    expect([...types].sort()).toEqual(
      [...Object.values(COMMAND_TYPES), ...Object.values(EVENT_TYPES)].sort(),
    );
  });

  it('are not changed in a way that breaks consumers of a published version', async () => {
    expect(await breakingChangesToPublished()).toEqual([]);
  });

  it('are committed as generated, one file per type and version (npm run contracts:write)', async () => {
    const generated = [...contractFiles()].filter(([path]) => path.startsWith(SCHEMAS_FOLDER));
    expect(await committedSchemaFiles()).toEqual(generated.map(([path]) => path).sort());
    for (const [path, text] of generated) {
      expect(await readFile(join(REPOSITORY, path), 'utf8'), path).toBe(text);
    }
  });
});
