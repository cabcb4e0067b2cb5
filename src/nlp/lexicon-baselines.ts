/**
 * Lexicon baselines for sentiment evaluation only, never on the product path: VADER
 * (`vader-sentiment`, compound >= 0.05 positive, <= -0.05 negative, the authors' cut-offs) and
 * AFINN (`sentiment`, score > 0 positive, < 0 negative). Both are optional dev dependencies,
 * imported dynamically so the product runs without them.
 */
export interface SentimentBaseline {
  name: string;
  classify(text: string): 'negative' | 'neutral' | 'positive';
}

interface VaderModule {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}

interface AfinnAnalyser {
  analyze(text: string): { score: number };
}

async function importOptional(name: string): Promise<unknown> {
  try {
    const imported = (await import(name)) as { default?: unknown };
    return imported.default ?? imported;
  } catch {
    return undefined;
  }
}

export async function loadVaderBaseline(): Promise<SentimentBaseline | undefined> {
  const vader = (await importOptional('vader-sentiment')) as VaderModule | undefined;
  if (!vader?.SentimentIntensityAnalyzer) return undefined;
  return {
    name: 'vader',
    classify(text) {
      const { compound } = vader.SentimentIntensityAnalyzer.polarity_scores(text);
      if (compound >= 0.05) return 'positive';
      if (compound <= -0.05) return 'negative';
      return 'neutral';
    },
  };
}

export async function loadAfinnBaseline(): Promise<SentimentBaseline | undefined> {
  const Sentiment = (await importOptional('sentiment')) as (new () => AfinnAnalyser) | undefined;
  if (typeof Sentiment !== 'function') return undefined;
  const analyser = new Sentiment();
  return {
    name: 'afinn',
    classify(text) {
      const { score } = analyser.analyze(text);
      if (score > 0) return 'positive';
      if (score < 0) return 'negative';
      return 'neutral';
    },
  };
}

export const BASELINE_INSTALL_HINT =
  'lexicon baselines need the dev packages `vader-sentiment` and `sentiment` (npm install -D vader-sentiment sentiment)';
