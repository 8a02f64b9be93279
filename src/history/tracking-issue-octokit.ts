/**
 * TrackingIssueApi over @actions/github's octokit. Loaded on demand by `memgate history issue`, so the
 * rest of the CLI does not need @actions/github installed.
 */
import type { TrackedIssue, TrackingIssueApi } from './tracking-issue.js';

export async function octokitTrackingIssues(opts: {
  token: string;
  repository: string;
  apiUrl?: string | undefined;
}): Promise<TrackingIssueApi> {
  // Imported here, not at the top: the CLI bundle keeps packages external and would otherwise load
  // @actions/github (a devDependency) for every command.
  const { getOctokit } = await import('@actions/github');
  const [owner = '', repo = ''] = opts.repository.split('/');
  // baseUrl from the environment: GitHub Enterprise, and tests with a local server.
  const octokit = getOctokit(opts.token, opts.apiUrl ? { baseUrl: opts.apiUrl } : {});
  const toIssue = (i: { number: number; body?: string | null | undefined }): TrackedIssue => ({
    number: i.number,
    body: i.body ?? '',
  });
  return {
    async findOpen(marker) {
      // Stops paging at the first match.
      for await (const page of octokit.paginate.iterator(octokit.rest.issues.listForRepo, {
        owner,
        repo,
        state: 'open',
        per_page: 100,
      })) {
        const hit = page.data.find((i) => i.pull_request === undefined && (i.body ?? '').includes(marker));
        if (hit) return toIssue(hit);
      }
      return undefined;
    },
    async create(title, body) {
      return toIssue((await octokit.rest.issues.create({ owner, repo, title, body })).data);
    },
    async update(issueNumber, body) {
      return toIssue(
        (await octokit.rest.issues.update({ owner, repo, issue_number: issueNumber, body })).data,
      );
    },
  };
}
