/**
 * A word-level diff between two texts: the longest common subsequence of their tokens (words and
 * the whitespace between them), then runs of equal, inserted and deleted tokens. Segments are
 * plain text; the web app renders them as text, never as HTML.
 */
export interface DiffSegment {
  kind: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Words and whitespace runs, so joining the tokens gives the text back exactly. */
export function tokenise(text: string): string[] {
  return text.match(/\s+|[^\s]+/g) ?? [];
}

/** Cells of the LCS table above this are refused: a diff is for readable proposals, not books. */
const maximumCells = 25_000_000;

export function wordDiff(before: string, after: string): DiffSegment[] {
  const a = tokenise(before);
  const b = tokenise(after);
  // Common prefix and suffix are equal anyway; trimming them keeps the table small for the usual
  // revision that touches one paragraph.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const segments: DiffSegment[] = [];
  const push = (kind: DiffSegment['kind'], text: string) => {
    if (text === '') return;
    const last = segments[segments.length - 1];
    if (last && last.kind === kind) last.text += text;
    else segments.push({ kind, text });
  };
  push('equal', a.slice(0, start).join(''));
  if ((middleA.length + 1) * (middleB.length + 1) > maximumCells) {
    push('delete', middleA.join(''));
    push('insert', middleB.join(''));
  } else {
    for (const [kind, token] of lcsWalk(middleA, middleB)) push(kind, token);
  }
  push('equal', a.slice(endA).join(''));
  return segments;
}

function lcsWalk(a: string[], b: string[]): [DiffSegment['kind'], string][] {
  const rows = a.length + 1;
  const columns = b.length + 1;
  // lengths[i][j] = LCS length of a[i..] and b[j..], filled from the end.
  const lengths = new Uint32Array(rows * columns);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i * columns + j] =
        a[i] === b[j]
          ? (lengths[(i + 1) * columns + j + 1] as number) + 1
          : Math.max(
              lengths[(i + 1) * columns + j] as number,
              lengths[i * columns + j + 1] as number,
            );
    }
  }
  const out: [DiffSegment['kind'], string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push(['equal', a[i] as string]);
      i++;
      j++;
    } else if (
      (lengths[(i + 1) * columns + j] as number) >= (lengths[i * columns + j + 1] as number)
    ) {
      out.push(['delete', a[i] as string]);
      i++;
    } else {
      out.push(['insert', b[j] as string]);
      j++;
    }
  }
  while (i < a.length) out.push(['delete', a[i++] as string]);
  while (j < b.length) out.push(['insert', b[j++] as string]);
  return out;
}
