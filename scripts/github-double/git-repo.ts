// Reads a local git repository the way GitHub's API shows it: trees with sizes, blobs, and the per-file
// patches of a comparison. The API double serves these; nothing here talks to the network.
import { execFileSync } from 'node:child_process';

export interface GitTreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
  size?: number;
}

export interface GitChangedFile {
  filename: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
  patch?: string;
  additions: number;
  deletions: number;
}

export class GitRepo {
  constructor(readonly dir: string) {}

  git(args: string[], input?: string): Buffer {
    return execFileSync('git', args, {
      cwd: this.dir,
      input,
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  }

  /** The object type of a SHA, or null when the repository does not have it. */
  typeOf(sha: string): string | null {
    if (!/^[0-9a-f]{40}$/.test(sha)) return null;
    try {
      return this.git(['cat-file', '-t', sha]).toString().trim();
    } catch {
      return null;
    }
  }

  /** `git ls-tree` of a commit or tree; recursive lists sub-trees as entries too, as GitHub does. */
  tree(sha: string, recursive: boolean): GitTreeEntry[] {
    const args = ['ls-tree', '-l', '-z', ...(recursive ? ['-r', '-t'] : []), sha];
    return this.git(args)
      .toString()
      .split('\0')
      .filter(Boolean)
      .map((line) => {
        const [meta = '', path = ''] = line.split('\t');
        const [mode = '', type = 'blob', objectSha = '', size = '-'] = meta.split(/\s+/);
        const entry: GitTreeEntry = { path, mode, type: type as GitTreeEntry['type'], sha: objectSha };
        if (size !== '-') entry.size = Number(size);
        return entry;
      });
  }

  /** The tree SHA of a commit (a tree SHA is returned as is). */
  treeSha(sha: string): string {
    return this.git(['rev-parse', `${sha}^{tree}`])
      .toString()
      .trim();
  }

  blob(sha: string): Buffer {
    return this.git(['cat-file', 'blob', sha]);
  }

  /** The pull request's files as `pulls.listFiles` returns them: status, rename source and patch. */
  changedFiles(base: string, head: string): GitChangedFile[] {
    const lines = this.git(['diff', '--name-status', '-M', '-z', base, head]).toString().split('\0').filter(Boolean);
    const files: GitChangedFile[] = [];
    for (let i = 0; i < lines.length;) {
      const code = lines[i++] ?? '';
      const first = lines[i++] ?? '';
      const renamed = code.startsWith('R');
      const filename = renamed ? (lines[i++] ?? '') : first;
      const status = renamed ? 'renamed' : code === 'A' ? 'added' : code === 'D' ? 'removed' : 'modified';
      const patch = this.patch(base, head, renamed ? [first, filename] : [filename]);
      files.push({
        filename,
        status,
        ...(renamed ? { previous_filename: first } : {}),
        ...(patch ? { patch } : {}),
        additions: patch ? patch.split('\n').filter((l) => l.startsWith('+')).length : 0,
        deletions: patch ? patch.split('\n').filter((l) => l.startsWith('-')).length : 0,
      });
    }
    return files;
  }

  private patch(base: string, head: string, paths: string[]): string | undefined {
    const text = this.git(['diff', '-M', '-U3', base, head, '--', ...paths]).toString();
    const start = text.indexOf('\n@@');
    // Binary files have no hunks: GitHub leaves `patch` out for them too.
    return start < 0 ? undefined : text.slice(start + 1).replace(/\n$/, '');
  }
}
