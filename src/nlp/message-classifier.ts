import { type ChurnRisk, detectChurnRisk } from './churn-risk.js';
import { FeatureVector, featureConfigKey } from './feature-hashing.js';
import type { HashedLinearModel, LabelScore } from './hashed-linear-model.js';
import { LanguageIdentifier } from './language-identifier.js';
import { MergedScorer } from './merged-scorer.js';
import { ScannedMessage, scanMessage } from './message-scanner.js';
import type { ModelRegistry } from './model-registry.js';
import { extractScannedFeatures } from './scanned-features.js';
import type { Task } from './tasks.js';

export interface SentimentScore extends LabelScore {
  /** P(positive) - P(negative), in -1..1: a continuous value for averages and trends. */
  polarity: number;
}

export interface Classification {
  sentiment: SentimentScore;
  anger: LabelScore;
  complaint: LabelScore;
  intent: LabelScore;
  language: LabelScore;
  churnRisk: ChurnRisk;
  /** The version of the model behind each field; shared and frozen, do not mutate. */
  modelVersions: Readonly<Record<Task, string>>;
}

export interface MessageClassifier {
  classify(text: string): Classification;
  classifyBatch(texts: readonly string[]): Classification[];
}

type ScoredTask = 'sentiment' | 'anger' | 'complaint' | 'intent';
const SCORED_TASKS: readonly ScoredTask[] = ['sentiment', 'anger', 'complaint', 'intent'];
const SENTIMENT = 0;

interface FeatureGroup {
  vector: FeatureVector;
  scorer: MergedScorer;
  /** Which task (index in SCORED_TASKS) each model of the scorer serves, in scorer order. */
  tasks: Int32Array;
}

interface Plan {
  generation: number;
  groups: FeatureGroup[];
  language: LanguageIdentifier;
  probabilities: Float64Array;
  /** Label indices of the sentiment model's positive and negative labels, for the polarity. */
  positive: number;
  negative: number;
  modelVersions: Readonly<Record<Task, string>>;
}

/**
 * The classify stage of the pipeline: one scan of the message (tokens hashed without building
 * strings), one feature pass and one merged scoring pass per distinct feature configuration,
 * then the language identifier and the churn rules. Synchronous; per message it allocates only
 * the result objects.
 */
export function createClassifier(registry: ModelRegistry): MessageClassifier {
  let plan = buildPlan(registry);
  const scan = new ScannedMessage();
  const scores: LabelScore[] = SCORED_TASKS.map(() => ({ label: '', score: 0 }));
  const classify = (text: string): Classification => {
    if (plan.generation !== registry.generation) plan = buildPlan(registry);
    const active = plan;
    scanMessage(text, scan);
    let polarity = 0;
    for (const group of active.groups) {
      const scorer = group.scorer;
      const features = (scorer.models[0] as HashedLinearModel).metadata.features;
      extractScannedFeatures(scan, features, group.vector);
      scorer.accumulate(group.vector);
      for (let index = 0; index < group.tasks.length; index++) {
        const model = scorer.models[index] as HashedLinearModel;
        const task = group.tasks[index] as number;
        const scratch = active.probabilities;
        if (task === SENTIMENT) {
          scorer.probabilitiesOf(index, group.vector.scale, scratch);
          let best = 0;
          for (let label = 1; label < model.labelCount; label++) {
            if ((scratch[label] as number) > (scratch[best] as number)) best = label;
          }
          scores[task] = { label: model.labels[best] as string, score: scratch[best] as number };
          polarity = (scratch[active.positive] as number) - (scratch[active.negative] as number);
        } else {
          // Only the winner's probability is needed: no normalised vector of 77 intents.
          const best = scorer.bestOf(index, group.vector.scale, scratch);
          scores[task] = { label: model.labels[best] as string, score: scorer.bestProbability };
        }
      }
    }
    const sentiment = scores[SENTIMENT] as LabelScore;
    return {
      sentiment: { label: sentiment.label, score: sentiment.score, polarity },
      anger: scores[1] as LabelScore,
      complaint: scores[2] as LabelScore,
      intent: scores[3] as LabelScore,
      language: active.language.identifyScanned(scan),
      churnRisk: detectChurnRisk(text),
      modelVersions: active.modelVersions,
    };
  };
  return {
    classify,
    classifyBatch: (texts) => texts.map((text) => classify(text)),
  };
}

function buildPlan(registry: ModelRegistry): Plan {
  const generation = registry.generation;
  const byKey = new Map<string, { models: HashedLinearModel[]; tasks: number[] }>();
  let widest = 0;
  for (const [taskIndex, task] of SCORED_TASKS.entries()) {
    const model = registry.get(task);
    widest = Math.max(widest, model.labelCount);
    const key = featureConfigKey(model.metadata.features);
    const group = byKey.get(key) ?? { models: [], tasks: [] };
    group.models.push(model);
    group.tasks.push(taskIndex);
    byKey.set(key, group);
  }
  const languageModel = registry.get('language');
  return {
    generation,
    groups: [...byKey.values()].map(({ models, tasks }) => ({
      vector: new FeatureVector(),
      scorer: new MergedScorer(models),
      tasks: Int32Array.from(tasks),
    })),
    language: new LanguageIdentifier(languageModel),
    probabilities: new Float64Array(widest),
    positive: registry.get('sentiment').labels.indexOf('positive'),
    negative: registry.get('sentiment').labels.indexOf('negative'),
    modelVersions: Object.freeze({
      sentiment: registry.get('sentiment').version,
      anger: registry.get('anger').version,
      complaint: registry.get('complaint').version,
      intent: registry.get('intent').version,
      language: languageModel.version,
    }),
  };
}
