import { type ChurnRisk, detectChurnRisk } from './churn-risk.js';
import { extractFeatures, FeatureVector, featureConfigKey } from './feature-hashing.js';
import type { HashedLinearModel, LabelScore } from './hashed-linear-model.js';
import { LanguageIdentifier } from './language-identifier.js';
import { MergedScorer } from './merged-scorer.js';
import type { ModelRegistry } from './model-registry.js';
import type { Task } from './tasks.js';
import { tokenise } from './tokeniser.js';

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

interface FeatureGroup {
  vector: FeatureVector;
  scorer: MergedScorer;
  /** Which task each model of the scorer serves, in scorer order. */
  tasks: ScoredTask[];
}

interface Plan {
  generation: number;
  groups: FeatureGroup[];
  language: LanguageIdentifier;
  probabilities: Float64Array;
  modelVersions: Readonly<Record<Task, string>>;
}

/**
 * The classify stage of the pipeline: one tokenisation per message, one hashing pass and one
 * merged scoring pass per distinct feature configuration, then the language identifier and the
 * churn rules. Synchronous; per message it allocates the tokens and the result objects.
 */
export function createClassifier(registry: ModelRegistry): MessageClassifier {
  let plan = buildPlan(registry);
  const classify = (text: string): Classification => {
    if (plan.generation !== registry.generation) plan = buildPlan(registry);
    const active = plan;
    const tokens = tokenise(text);
    const scores: Partial<Record<ScoredTask, LabelScore>> = {};
    let polarity = 0;
    for (const group of active.groups) {
      const features = (group.scorer.models[0] as HashedLinearModel).metadata.features;
      extractFeatures(tokens, features, group.vector);
      group.scorer.accumulate(group.vector);
      for (let index = 0; index < group.tasks.length; index++) {
        const model = group.scorer.models[index] as HashedLinearModel;
        const probabilities = active.probabilities;
        group.scorer.probabilitiesOf(index, group.vector.scale, probabilities);
        let best = 0;
        for (let label = 1; label < model.labelCount; label++) {
          if ((probabilities[label] as number) > (probabilities[best] as number)) best = label;
        }
        const task = group.tasks[index] as ScoredTask;
        scores[task] = {
          label: model.labels[best] as string,
          score: probabilities[best] as number,
        };
        if (task === 'sentiment') {
          const positive = model.labels.indexOf('positive');
          const negative = model.labels.indexOf('negative');
          polarity = (probabilities[positive] as number) - (probabilities[negative] as number);
        }
      }
    }
    const sentiment = scores.sentiment as LabelScore;
    return {
      sentiment: { label: sentiment.label, score: sentiment.score, polarity },
      anger: scores.anger as LabelScore,
      complaint: scores.complaint as LabelScore,
      intent: scores.intent as LabelScore,
      language: active.language.identifyTokens(tokens),
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
  const byKey = new Map<string, { models: HashedLinearModel[]; tasks: ScoredTask[] }>();
  let widest = 0;
  for (const task of SCORED_TASKS) {
    const model = registry.get(task);
    widest = Math.max(widest, model.labelCount);
    const key = featureConfigKey(model.metadata.features);
    const group = byKey.get(key) ?? { models: [], tasks: [] };
    group.models.push(model);
    group.tasks.push(task);
    byKey.set(key, group);
  }
  const languageModel = registry.get('language');
  return {
    generation,
    groups: [...byKey.values()].map(({ models, tasks }) => ({
      vector: new FeatureVector(),
      scorer: new MergedScorer(models),
      tasks,
    })),
    language: new LanguageIdentifier(languageModel),
    probabilities: new Float64Array(widest),
    modelVersions: Object.freeze({
      sentiment: registry.get('sentiment').version,
      anger: registry.get('anger').version,
      complaint: registry.get('complaint').version,
      intent: registry.get('intent').version,
      language: languageModel.version,
    }),
  };
}
