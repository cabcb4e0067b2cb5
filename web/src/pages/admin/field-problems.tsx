/**
 * Field errors beside their inputs: the server names each wrong field by its path (e.g.
 * `conditions/keywords/0`), and a form shows every problem under a prefix next to that input.
 */
export type Problems = Record<string, string>;

/** Every problem whose path is `prefix` or lies under it, joined; undefined when none. */
export function problemAt(problems: Problems, prefix: string): string | undefined {
  const found = Object.entries(problems)
    .filter(([path]) => path === prefix || path.startsWith(`${prefix}/`))
    .map(([, message]) => message);
  return found.length > 0 ? found.join('; ') : undefined;
}

/** The props that tie an input to its error text, for screen readers. */
export function describedBy(id: string, problem: string | undefined) {
  return problem
    ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-problem` }
    : { 'aria-invalid': undefined, 'aria-describedby': undefined };
}

export function FieldProblem({ id, problem }: { id: string; problem: string | undefined }) {
  if (!problem) return null;
  return (
    <span className="field-problem" id={`${id}-problem`}>
      {problem}
    </span>
  );
}

/** Problems the form cannot place beside an input (say, "set at least one target"). */
export function otherProblems(problems: Problems, placed: string[]): string[] {
  return Object.entries(problems)
    .filter(([path]) => !placed.some((prefix) => path === prefix || path.startsWith(`${prefix}/`)))
    .map(([path, message]) => (path ? `${path}: ${message}` : message));
}

/** "a, b , c" -> ['a', 'b', 'c']; an empty box is no condition at all. */
export function listOf(text: string): string[] | undefined {
  const values = text
    .split(',')
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  return values.length > 0 ? values : undefined;
}
