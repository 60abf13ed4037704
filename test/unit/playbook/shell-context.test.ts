// Where a ${variable} would stand in a shell: step's command, after the text before it. The answer
// decides how the value is quoted, so a wrong one lets a value's quotes or `$` reach the shell.
import { describe, expect, it } from 'vitest';
import { createShellContext } from '../../../src/playbook/shell-context.js';

function placeAfter(...pieces: string[]) {
  const context = createShellContext();
  for (const piece of pieces) context.feed(piece);
  return context.place();
}

describe('the place of a variable in a shell command', () => {
  it.each([
    ['echo ', 'none'],
    ["echo '", 'single'],
    ['echo "', 'double'],
    ["echo 'a' ", 'none'],
    ['echo "a" ', 'none'],
    ['echo "a\'', 'double'],
    ['echo \'a"', 'single'],
    ["echo 'a\\'", 'none'],
    ['echo \\" ', 'none'],
    ["echo \\' ", 'none'],
    ['echo "a\\" ', 'double'],
    ['echo "a\\\\" ', 'none'],
  ])('after %j it is %s (quotes and backslashes)', (text, place) => {
    expect(placeAfter(text)).toBe(place);
  });

  it.each([
    ['echo "$(', 'none'],
    ['echo "$(cmd "', 'double'],
    ['echo "$(cmd) ', 'double'],
    ['echo "$(f (x) y) ', 'double'],
    ['echo "$(f (x) y', 'none'],
    ['echo $(a "$(b) ', 'double'],
    ["echo $((1 + 2)) '", 'single'],
    ['echo "$((1 + (2)) ', 'none'],
    ["echo \\$(a) '", 'single'],
    ["echo (a) '", 'single'],
    ['echo "(a) ', 'double'],
    ['echo `', 'none'],
    ['echo `cmd "', 'double'],
    ['echo "x `a` ', 'double'],
    ['echo "x `a ', 'none'],
    ['echo `a` "', 'double'],
    ["echo `a` `b` '", 'single'],
    ['echo `a "b" \'', 'single'],
  ])('after %j it is %s (command substitutions)', (text, place) => {
    expect(placeAfter(text)).toBe(place);
  });

  it('reads a `$(` split between two pieces of text', () => {
    expect(placeAfter('echo "$', '(cmd "')).toBe('double');
    expect(placeAfter('echo $', "(cmd) '")).toBe('single');
  });

  it.each([
    ["echo # it's ", 'none'],
    ['echo #"', 'none'],
    ["echo # it's\necho '", 'single'],
    ["echo a#'", 'single'],
    ["#'", 'none'],
    ["echo;#'", 'none'],
    ["echo&#'", 'none'],
    ["echo|#'", 'none'],
    ["(#'", 'none'],
    ["echo\t#'", 'none'],
    ['echo "#\'', 'double'],
    ["echo $(#'\n) '", 'single'],
  ])('after %j it is %s (comments)', (text, place) => {
    expect(placeAfter(text)).toBe(place);
  });

  it.each([
    ['cat <<EOF\n', 'double'],
    ['cat <<EOF\nline $', 'double'],
    ["cat <<'EOF'\n", 'heredoc-quoted'],
    ['cat <<"EOF"\n', 'heredoc-quoted'],
    ['cat <<\\EOF\n', 'heredoc-quoted'],
    ["cat <<E'O'F\n", 'heredoc-quoted'],
    ['cat << EOF\n', 'double'],
    ['cat <<\tEOF\n', 'double'],
    ['cat <<EOF\nbody\nEOF\n', 'none'],
    ["cat <<EOF\nbody\nEOF\necho '", 'single'],
    ["cat <<'EOF'\nbody\nEOF\n", 'none'],
    ["cat <<'E O'\nE O\n", 'none'],
    ['cat <<EOF\nEOFX\n', 'double'],
    ['cat <<EOF\n EOF\n', 'double'],
    ['cat <<EOF\n\tEOF\n', 'double'],
    ['cat <<-EOF\n\tbody\n\t\tEOF\n', 'none'],
    ['cat <<-EOF\n\tEOF\n', 'none'],
    ['cat <<-EOF\n', 'double'],
    ["cat <<-'EOF'\n", 'heredoc-quoted'],
    ["cat <<EOF; echo '", 'single'],
    ['cat <<EOF | grep x\n', 'double'],
    ['cat <<EOF>out\n', 'double'],
    ['cat <<EOF&&x\n', 'double'],
    ['(cat <<EOF)\n', 'double'],
    ['cat <<EOF # note\n', 'double'],
    ["cat <<A <<'B'\n", 'double'],
    ["cat <<A <<'B'\nA\n", 'heredoc-quoted'],
    ["cat <<A <<'B'\nA\nB\n", 'none'],
    ["cat <<< '", 'single'],
    ['cat <<< "x" ', 'none'],
    ["cat <<<'EOF'\n", 'none'],
    ['echo "<<EOF"\n', 'none'],
    ["echo '<<EOF'\n", 'none'],
  ])('after %j it is %s (here-documents)', (text, place) => {
    expect(placeAfter(text)).toBe(place);
  });

  it('ends a here-document only at a line of its delimiter, fed in any pieces', () => {
    expect(placeAfter('cat <<EOF\n', 'a\nEO', 'F\n')).toBe('none');
    expect(placeAfter('cat <<EOF\n', 'EOF')).toBe('double');
  });
});
