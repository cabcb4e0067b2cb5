import type { PipelineStage } from '../../pipeline/pipeline-batch.js';
import { classify } from './classifier-registry.js';

/** ISO 639-1 codes for the identifier's languages; `und` (undetermined) otherwise. */
const languageCodes: Record<string, string> = {
  arabic: 'ar',
  english: 'en',
  french: 'fr',
  german: 'de',
  hindi: 'hi',
  italian: 'it',
  portuguese: 'pt',
  spanish: 'es',
};

const round = (value: number) => Math.round(value * 1000) / 1000;

// modelVersions is one frozen object per set of active models: join it once per set.
const versionKeys = new WeakMap<object, string>();
function versionKey(versions: Readonly<Record<string, string>>): string {
  let key = versionKeys.get(versions);
  if (!key) {
    key = Object.entries(versions)
      .map(([task, version]) => `${task}:${version}`)
      .join(' ');
    versionKeys.set(versions, key);
  }
  return key;
}

/**
 * Scores every new message (sentiment, anger, complaint, intent, language, churn risk) with the
 * active models, before routing reads intent and language. Pure computation, in memory.
 */
export const classifyStage: PipelineStage = {
  name: 'classify',
  async run(batch) {
    for (const item of batch.items) {
      if (item.duplicate) continue;
      const result = classify(item.text);
      const language = languageCodes[result.language.label] ?? 'und';
      const anger = result.anger.label === 'anger' ? result.anger.score : 1 - result.anger.score;
      const complaint =
        result.complaint.label === 'complaint'
          ? result.complaint.score
          : 1 - result.complaint.score;
      item.language = language;
      item.intent = result.intent.label;
      item.classification = {
        sentiment: result.sentiment.label,
        sentiment_score: round(result.sentiment.polarity),
        anger_score: round(anger),
        complaint_score: round(complaint),
        intent: result.intent.label,
        intent_score: round(result.intent.score),
        language,
        churn_risk: result.churnRisk.flag ? (result.churnRisk.reason ?? 'churn risk') : null,
        classifier_version: versionKey(result.modelVersions),
      };
    }
  },
};
