/** Plain-text rendering of a DoctorReport (pure). */
import type { DoctorReport } from './doctor.js';

const yes = (b: boolean): string => (b ? 'yes' : 'no');

export function renderDoctor(r: DoctorReport): string {
  const e = r.engine;
  const lines = [
    `engine:          ${e.reachable ? 'reachable' : 'not reachable'} (${e.detail})`,
    ...(e.reachable
      ? [
          `  cgroup:        driver ${e.cgroupDriver ?? '?'}, version ${e.cgroupVersion ?? '?'}${e.rootless ? ', rootless' : ''}`,
        ]
      : []),
    `memory cgroup:   ${r.cgroup.memory}${r.cgroup.hybrid ? ' (hybrid: PSI from the unified mount)' : ''}${r.cgroup.mountPoint ? ` at ${r.cgroup.mountPoint}` : ''}`,
    `own cgroup:      ${r.cgroup.ownDir ?? '(not found)'}`,
    ...(r.filesFrom.kind === 'own'
      ? []
      : [
          `memory files of: ${r.filesFrom.dir ?? '?'} (${r.filesFrom.kind === 'probe' ? 'the cgroup a process run gets' : 'a child cgroup'}; the own cgroup has no memory.current by design)`,
        ]),
    ...Object.entries(r.files).map(([name, ok]) => `  ${name.padEnd(26)} ${ok ? 'readable' : 'missing'}`),
    `kernel peak:     ${yes(r.peakSupported)}`,
    `PSI:             ${yes(r.psiSupported)}`,
    `process cgroup:  ${r.processCgroup.possible ? 'yes' : 'no'} (${r.processCgroup.detail})`,
    '',
    `a docker run would use:  ${r.sources.docker}`,
    `a process run would use: ${r.sources.process}`,
  ];
  return `${lines.join('\n')}\n`;
}
