/**
 * Regenerates the model files under src/nlp/models/ from permissively licensed data only:
 *   npx tsx src/nlp/train-shipped-models.ts [--data DIR]
 * DIR defaults to ../shared/data (the VADER tweets, MIT; BANKING77, CC BY 4.0). The sentiment
 * model also starts from the VADER lexicon (MIT; in the Apache-2.0 `vader-sentiment` port, a dev
 * dependency), read here at training time only: the runtime and the repository never carry it.
 * Training is seeded, so the same data gives the same files.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { readDataset, readVader } from './dataset-readers.js';
import type { HashedLinearModel } from './hashed-linear-model.js';
import { saveModel } from './model-file.js';
import { SHIPPED_MODELS_DIRECTORY, shippedModelPath } from './model-registry.js';
import {
  parseVaderLexicon,
  trainShippedAnger,
  trainShippedComplaint,
  trainShippedIntent,
  trainShippedLanguage,
  trainShippedSentiment,
} from './shipped-model-recipes.js';
import type { Task } from './tasks.js';

function main(argv: string[]): void {
  const dataFlag = argv.indexOf('--data');
  const dataDirectory = resolve(dataFlag === -1 ? '../shared/data' : (argv[dataFlag + 1] ?? ''));
  const vader = readVader(join(dataDirectory, 'vader/tweets_GroundTruth.txt'));
  const banking = readDataset({
    task: 'intent',
    format: 'banking77',
    input: join(dataDirectory, 'banking77/train.csv'),
  });
  const vaderPackage = createRequire(import.meta.url).resolve('vader-sentiment/package.json');
  const lexicon = parseVaderLexicon(
    readFileSync(join(dirname(vaderPackage), 'vader_lexicon.txt'), 'utf8'),
  );
  mkdirSync(SHIPPED_MODELS_DIRECTORY, { recursive: true });
  const write = (task: Task, model: HashedLinearModel): void => {
    const path = shippedModelPath(task);
    saveModel(model, path, { pruneBelow: 1e-3 });
    process.stdout.write(`${task}: ${model.version}, ${model.rowCount} rows -> ${path}\n`);
  };
  write('sentiment', trainShippedSentiment(vader, lexicon));
  write('anger', trainShippedAnger(vader));
  write('complaint', trainShippedComplaint(banking, vader));
  write('intent', trainShippedIntent(banking));
  write('language', trainShippedLanguage());
}

main(process.argv.slice(2));
