/**
 * The folder the Action works in: GITHUB_WORKSPACE, where the runner checked the repository out (and the
 * working folder a real runner starts the step in). A local runner such as `local-action` starts in the
 * action's own folder instead, so the workspace variable is the one to trust; the process's working
 * folder is the fallback outside a runner.
 */
import { resolve } from 'node:path';

export function actionWorkspace(env: Record<string, string | undefined>, cwd: string): string {
  const workspace = env['GITHUB_WORKSPACE'];
  return workspace === undefined || workspace === '' ? cwd : resolve(cwd, workspace);
}
