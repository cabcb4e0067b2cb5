import { classify } from './classifier-registry.js';

/** Every figure the active models give one message, as stored on its row. */
export interface MessageClassification {
  sentiment: string;
  sentiment_score: number;
  anger_score: number;
  complaint_score: number;
  intent: string;
  intent_score: number;
  /** ISO 639-1 (e.g. 'en'), `und` when undetermined. */
  language: string;
  churn_risk: string | null;
  classifier_version: string;
}

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
 * Scores each text (sentiment, anger, complaint, intent, language, churn risk) with the active
 * models, in the order given. Pure computation, in memory: the ingest path runs it on every new
 * message before routing reads intent and language.
 */
export function classifyMessages(texts: readonly string[]): MessageClassification[] {
  return texts.map((text) => {
    const result = classify(text);
    const language = languageCodes[result.language.label] ?? 'und';
    const anger = result.anger.label === 'anger' ? result.anger.score : 1 - result.anger.score;
    const complaint =
      result.complaint.label === 'complaint' ? result.complaint.score : 1 - result.complaint.score;
    return {
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
  });
}
