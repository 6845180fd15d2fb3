/**
 * A temporary `git worktree` of an earlier commit, for the tools that set an engine beside an
 * earlier one (`bench.ts` times them, `agree.ts` compares their figures). It shares this clone's
 * node_modules, and this clone's runner files are copied into its `bench/`, so both engines are
 * driven by the same code: the runner's imports then resolve to that commit's core.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);

/** A git command in this clone, its output trimmed. */
export const git = (...args: string[]) => execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim();

export interface Worktree {
  dir: string;
  commit: string;
  /** Removes the worktree and its temporary directory. */
  dispose: () => void;
}

/** A worktree of `ref` with `runners` (file names in this `bench/`) copied into its `bench/`. */
export function worktreeOf(ref: string, runners: readonly string[]): Worktree {
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`);
  const dir = join(mkdtempSync(join(tmpdir(), 'placewise-bench-')), 'tree');
  git('worktree', 'add', '--detach', '--quiet', dir, commit);
  const dispose = () => {
    try {
      git('worktree', 'remove', '--force', dir);
    } catch {
      rmSync(dir, { recursive: true, force: true });
      git('worktree', 'prune');
    }
    rmSync(dirname(dir), { recursive: true, force: true });
  };
  try {
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const f of runners) copyFileSync(join(here, f), join(dir, 'bench', f));
  } catch (e) {
    dispose();
    throw e;
  }
  return { dir, commit, dispose };
}
