/** Shared bits of the real-container runner tests: the fixture programs mounted into node-base. */
import type { StatSample } from '../../../src/runner/run-record.js';
import { NODE_IMAGE } from '../../helpers/docker.js';

export const MiB = 2 ** 20;

/** A `target:` block running test/fixtures/programs/<program> in the node-base image. */
export function programTarget(program: string, extra: string, nodeArgs: string[] = []): string {
  return `
target:
  image: ${NODE_IMAGE}
  command: [node, ${[...nodeArgs, `/programs/${program}`].join(', ')}]
  volumes: ["./test/fixtures/programs:/programs:ro"]
${extra
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => `  ${l.trim()}`)
  .join('\n')}
`;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

export const field = (samples: StatSample[], key: keyof StatSample): number[] =>
  samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number');

export const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`;
