// FileSource over a commit of a local git repository, read from the object store (`git ls-tree -r` and one
// `git cat-file --batch` process), so that base and head of a pull request are read without a checkout.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { type FileSource, foldersOf, linkedFolderFiles, projectDirsOf, resolveLinks } from '../dbt/source.js';

const execFileAsync = promisify(execFile);

/** Raised when git cannot read the repository or the ref; its message says which. */
export class GitError extends Error {
  constructor(
    message: string,
    readonly repo: string,
    readonly ref: string,
  ) {
    super(message);
    this.name = 'GitError';
  }
}

/**
 * Where `head` left `base` (`git merge-base`): what a pull request of head into base changes is measured from
 * there, as `git diff base...head` and GitHub do. The base itself when there is no common commit (unrelated
 * histories, a shallow clone): then `note` says so.
 */
export async function mergeBase(
  repo: string,
  base: string,
  head: string,
  note: (text: string) => void,
): Promise<string> {
  if (base.startsWith('-') || head.startsWith('-')) return base;
  try {
    const { stdout } = await execFileAsync('git', ['-C', repo, 'merge-base', base, head], { encoding: 'utf8' });
    return stdout.trim() || base;
  } catch (error) {
    // Exit 1: no common commit. Anything else (a ref that does not exist) is for reading the refs to report.
    if ((error as { code?: unknown }).code === 1) {
      note(`note: no common commit of ${base} and ${head} (a shallow clone?); comparing with ${base} as it is.\n`);
    }
    return base;
  }
}

export function gitSource(repo: string, ref: string): FileSource {
  let blobs: Map<string, string> | null = null;

  async function tree(): Promise<Map<string, string>> {
    if (blobs !== null) return blobs;
    // `--` would end options, but a ref that starts with `-` is never valid: refuse it rather than run it.
    if (ref.startsWith('-')) throw new GitError(`invalid ref ${ref}`, repo, ref);
    let stdout: string;
    try {
      ({ stdout } = await execFileAsync('git', ['-C', repo, 'ls-tree', '-r', '-z', '--full-tree', ref], {
        maxBuffer: 1 << 30,
        encoding: 'utf8',
      }));
    } catch (error) {
      const detail = (error as { stderr?: string }).stderr?.trim() || String(error);
      throw new GitError(`cannot list ${ref} in ${repo}: ${detail}`, repo, ref);
    }
    const files = new Map<string, string>();
    const linkIds = new Map<string, string>();
    for (const record of stdout.split('\0')) {
      // `<mode> <type> <oid>\t<path>`; submodules (commit) hold no project text; a symlink (120000) holds the
      // path it points to.
      const tab = record.indexOf('\t');
      if (tab === -1) continue;
      const [mode, type, oid] = record.slice(0, tab).split(' ');
      if (type !== 'blob' || oid === undefined) continue;
      (mode === '120000' ? linkIds : files).set(record.slice(tab + 1), oid);
    }
    // A checkout reads a linked file through its link: the link's path gets the target's blob.
    if (linkIds.size > 0) {
      const texts = await catFileBatch(repo, [...linkIds.values()]);
      const links = new Map([...linkIds.keys()].map((path, i) => [path, texts[i]?.toString('utf8') ?? '']));
      const folders = foldersOf([...files.keys(), ...links.keys()]);
      const resolved = resolveLinks({ links, isFile: (path) => files.has(path), isDir: (path) => folders.has(path) });
      const linkedFolders = linkedFolderFiles(
        { links, isFile: (path) => files.has(path), isDir: (path) => folders.has(path) },
        files.keys(),
        projectDirsOf(files.keys()),
      );
      for (const [link, { target }] of [...resolved, ...linkedFolders]) files.set(link, files.get(target)!);
    }
    blobs = files;
    return blobs;
  }

  return {
    async list() {
      return [...(await tree()).keys()].sort();
    },
    async read(paths) {
      const entries = await tree();
      const wanted = paths.filter((path) => entries.has(path));
      const contents = await catFileBatch(
        repo,
        wanted.map((path) => entries.get(path) as string),
      );
      const texts = new Map<string, string>();
      wanted.forEach((path, i) => {
        const content = contents[i];
        if (content !== undefined && content !== null) texts.set(path, content.toString('utf8'));
      });
      return texts;
    },
  };
}

/** Contents of the given object ids, in order (null for a missing object), from one `git cat-file --batch`. */
function catFileBatch(repo: string, oids: string[]): Promise<Array<Buffer | null>> {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new GitError(`cannot run git: ${error.message}`, repo, '')));
    // git may exit before reading every id (a bad repository, a crash): writing then fails with EPIPE, which
    // must not crash the process; the exit code or the truncated output below says what went wrong.
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`, repo, ''));
      try {
        resolve(parseBatch(Buffer.concat(chunks), oids.length));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(oids.join('\n') + '\n');
  });
}

/** Parses `<oid> <type> <size>\n<content>\n` records (or `<oid> missing\n`). */
export function parseBatch(output: Buffer, count: number): Array<Buffer | null> {
  const results: Array<Buffer | null> = [];
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const newline = output.indexOf(0x0a, offset);
    if (newline === -1) throw new Error('git cat-file --batch: truncated output');
    const header = output.subarray(offset, newline).toString('utf8').split(' ');
    offset = newline + 1;
    if (header[1] === 'missing' || header.length < 3) {
      results.push(null);
      continue;
    }
    const size = Number(header[2]);
    results.push(output.subarray(offset, offset + size));
    offset += size + 1;
  }
  return results;
}
