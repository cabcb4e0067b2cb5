import fs from 'node:fs';
import { activateModel } from '../../modules/classification/index.js';
import { type CliCommand, CliUsageError, parseArguments } from '../command.js';
import { openRuntime } from '../runtime.js';

export const modelsCommand: CliCommand = {
  name: 'models',
  summary: 'Make a trained model the active one for its task',
  usage: 'hearken models activate MODEL_FILE',
  async run(argv, io) {
    const parsed = parseArguments(argv, {});
    const [action, file] = parsed.positionals;
    if (action !== 'activate' || !file) throw new CliUsageError(`usage: ${this.usage}`);
    let content: string;
    try {
      content = fs.readFileSync(file, 'utf8');
    } catch (error) {
      io.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
      return 2;
    }
    const runtime = await openRuntime({ quiet: true });
    try {
      const { task, version } = await activateModel(runtime, runtime.organisationId, content, file);
      io.stdout.write(
        `${version} is now the active ${task} model (running servers load it at their next start)\n`,
      );
      return 0;
    } catch (error) {
      io.stderr.write(`${(error as Error).message}\n`);
      return 1;
    } finally {
      await runtime.close();
    }
  },
};
