// `working_dir:` names a directory inside the working tree: a step runs where its changes are
// committed from, never in the user's other files. Checked as written here, at load time, and as
// resolved (variables filled in, symbolic links followed) when the step runs.
import { isAbsolute, posix } from 'node:path';
import type { Template } from './model.js';

/**
 * Why a working_dir as written leaves the working tree, or undefined. A variable stands for one
 * plain directory name here; what it holds is checked when the step runs.
 */
export function writtenOutsideTree(template: Template): string | undefined {
  const written = template.parts
    .map((part) => (part.kind === 'text' ? part.text : 'value'))
    .join('');
  if (isAbsolute(written)) {
    return `working_dir ${template.source} is an absolute path; write it relative to the root of the working tree, inside it`;
  }
  const normal = posix.normalize(written);
  if (normal === '..' || normal.startsWith('../')) {
    return `working_dir ${template.source} leads out of the working tree (through ..); a step runs only inside the tree it commits to`;
  }
  return undefined;
}
