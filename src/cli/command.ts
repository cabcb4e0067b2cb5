/**
 * One CLI sub-command. Commands parse their own arguments with `parseArguments` and return an
 * exit code; they never call process.exit themselves so they stay testable.
 */
export interface CliCommand {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export interface ParsedArguments {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * Parses `--name value`, `--name=value` and boolean `--flag` against a declared set of flags, so
 * a typo fails loudly instead of being ignored.
 */
export function parseArguments(
  argv: string[],
  spec: Record<string, 'string' | 'boolean'>,
): ParsedArguments {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (!argument.startsWith('--')) {
      positionals.push(argument);
      continue;
    }
    const equals = argument.indexOf('=');
    const name = equals === -1 ? argument.slice(2) : argument.slice(2, equals);
    const kind = spec[name];
    if (!kind) throw new CliUsageError(`unknown option --${name}`);
    if (kind === 'boolean') {
      if (equals !== -1) throw new CliUsageError(`--${name} takes no value`);
      flags.set(name, true);
      continue;
    }
    const value = equals === -1 ? argv[++index] : argument.slice(equals + 1);
    if (value === undefined || value === '') throw new CliUsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  return { positionals, flags };
}

export function stringFlag(parsed: ParsedArguments, name: string): string | undefined {
  const value = parsed.flags.get(name);
  return typeof value === 'string' ? value : undefined;
}
