// Import rules of src/, checked by `npm run lint` (dependency-cruiser): no cycle between files, and
// the top-level folders and files of src/ in layers, each importing only from the layers below it, so
// the data flows one way (config -> runner -> analysis -> compare -> report) and there is no cycle
// between top-level folders either. A new top-level folder or file must be placed in LAYERS.

/** Lowest first. Items in one layer do not import each other. */
const LAYERS = [
  ['units.ts', 'messages.ts', 'version.ts', 'io.ts'],
  ['errors.ts'],
  ['util'],
  ['config', 'init'],
  ['fingerprint.ts'],
  ['runner'],
  ['analysis', 'doctor'],
  ['compare'],
  ['results.ts'],
  ['results-file.ts', 'report'],
  ['pipeline.ts', 'deps.ts', 'history', 'run-types.ts'],
  ['confirm.ts'],
  ['run-memgate.ts'],
  ['commands'],
  ['cli', 'action'],
];

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A top-level file (`results.ts`) or folder (`compare`) of src/ as a path pattern. */
const pattern = (item) =>
  item.endsWith('.ts') ? `^src/${escapeRegExp(item)}$` : `^src/${escapeRegExp(item)}/`;

const layerRules = LAYERS.flatMap((layer, i) =>
  layer.map((item) => {
    const above = [...LAYERS.slice(i + 1).flat(), ...layer.filter((other) => other !== item)];
    return {
      name: 'layers',
      severity: 'error',
      comment: `src/${item} may import only from the layers below it (LAYERS in .dependency-cruiser.cjs); move what both sides need down.`,
      from: { path: pattern(item) },
      to: { path: above.map(pattern) },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other: move what both need into a file of its own, lower down.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-in-layers',
      severity: 'error',
      comment: 'Every top-level folder and file of src/ has a place in LAYERS (.dependency-cruiser.cjs).',
      from: { path: '^src/', pathNot: LAYERS.flat().map(pattern) },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a cycle through types is still a cycle for a reader.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
