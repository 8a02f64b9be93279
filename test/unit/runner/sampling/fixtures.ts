import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../fixtures/cgroup',
);
export const fixture = (rel: string): string => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
export const fixtureDir = (rel: string): string => path.join(FIXTURES, rel);
