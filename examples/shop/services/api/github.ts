import { secret } from "keystash";

// Personal access token for deployments
const githubToken = secret("GitHubAPIToken");

/** Headers for the GitHub API. */
export function githubHeaders(): Record<string, string> {
  return { Authorization: `token ${githubToken()}` };
}

export { githubToken };
