// Writes the real cgroup v2 trees the v2 test machine dumped (the guest plan's "trees" part) into
// test/fixtures/cgroup/v2/real-<kernel>/ for the unit tests:
//   steady/     a child cgroup (memory.max 64 MiB) with a node process holding 10 MiB
//   after-oom/  the same cgroup after a node process was OOM-killed in it (+ parent-memory.events*)
//   root-tree/  proc/self/{cgroup,mountinfo} and sys/fs/cgroup/ as seen by a process in the v2 root,
//               with the parent at sys/fs/cgroup/v2-dump (dumped after the OOM) and the steady child at
//               sys/fs/cgroup/v2-dump/child (doctor's fsRoot/procRoot)
// Usage: scripts/v2-vm/run.sh --out R.jsonl && node scripts/v2-vm/record-fixtures.mjs R.jsonl
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = process.argv[2];
if (!file) throw new Error('usage: node scripts/v2-vm/record-fixtures.mjs RESULT.jsonl');
const parts = Object.fromEntries(
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => [l.slice(0, l.indexOf(' ')), JSON.parse(l.slice(l.indexOf(' ') + 1))]),
);
const { trees, meta } = parts;
if (!trees || !meta) throw new Error(`${file} has no "trees" or "meta" part`);
const version = /^(\d+\.\d+)/.exec(meta.kernel)?.[1];
const out = join('test/fixtures/cgroup/v2', `real-${version}`);
rmSync(out, { recursive: true, force: true });

const writeAll = (dir, files) => {
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
};
writeAll(join(out, 'steady'), trees.steady);
writeAll(join(out, 'after-oom'), {
  ...trees.afterOom,
  'parent-memory.events': trees.parent['memory.events'],
  'parent-memory.events.local': trees.parent['memory.events.local'],
});
const root = join(out, 'root-tree');
writeAll(join(root, 'proc/self'), { cgroup: trees.procSelfCgroup, mountinfo: trees.mountinfo });
writeAll(join(root, 'sys/fs/cgroup'), trees.root);
writeAll(join(root, 'sys/fs/cgroup/v2-dump'), trees.parent);
writeAll(join(root, 'sys/fs/cgroup/v2-dump/child'), trees.steady);
writeFileSync(
  join(out, 'README.md'),
  `Recorded by scripts/v2-vm/record-fixtures.mjs from the v2 test machine (scripts/v2-vm/run.sh),
kernel ${meta.kernel} (Debian cloud), qemu TCG. Files are verbatim; the root's other entries were:
${trees.rootNames.filter((n) => !(n in trees.root)).join(', ')}.
`,
);
console.log(`wrote ${out}`);
