import { describe, expect, it } from 'vitest';
import { actionWorkspace } from '../../../src/action/workspace.js';

describe('actionWorkspace', () => {
  it('is GITHUB_WORKSPACE when the runner sets it, whatever folder the step started in', () => {
    expect(actionWorkspace({ GITHUB_WORKSPACE: '/home/runner/work/api/api' }, '/actions/memgate')).toBe(
      '/home/runner/work/api/api',
    );
  });

  it('is the working folder outside a runner, or when the variable is empty', () => {
    expect(actionWorkspace({}, '/repo')).toBe('/repo');
    expect(actionWorkspace({ GITHUB_WORKSPACE: '' }, '/repo')).toBe('/repo');
  });

  it('resolves a relative workspace against the working folder', () => {
    expect(actionWorkspace({ GITHUB_WORKSPACE: 'ws' }, '/repo')).toBe('/repo/ws');
  });
});
