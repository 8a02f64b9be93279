/** The fingerprint of a 2-CPU cgroup v2 Docker host, for results and baselines built in unit tests. */
export const TEST_FINGERPRINT = {
  cpus: 2,
  hostMemoryBytes: 8e9,
  kernel: '6.1',
  cgroupVersion: 2 as const,
  engine: 'docker 27',
  node: 'v20',
  memoryLimitBytes: null,
  samplerIntervalMs: 100,
  targetHash: 'abc',
};
