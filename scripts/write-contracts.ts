import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  breakingChangesToPublished,
  committedSchemaFiles,
  contractFiles,
  REPOSITORY,
} from './contracts/contract-files';

/**
 * `npm run contracts:write`: writes the AsyncAPI document and the JSON Schema of every
 * command and event version. Refuses, writing nothing, when a schema changed in a way that
 * breaks consumers of a published version: such a change needs a new version.
 */
const problems = await breakingChangesToPublished();
if (problems.length > 0) {
  console.error(
    [
      'These changes break consumers of published schema versions; publish a new version instead:',
      ...problems.map((problem) => `  ${problem}`),
    ].join('\n'),
  );
  process.exit(1);
}

const files = contractFiles();
for (const [path, text] of files) {
  await mkdir(dirname(join(REPOSITORY, path)), { recursive: true });
  await writeFile(join(REPOSITORY, path), text);
  console.log(`wrote ${path}`);
}
for (const path of await committedSchemaFiles()) {
  if (!files.has(path))
    console.log(`${path} is no longer spoken by the service; delete it once it is retired`);
}
