import { type PipelineStage, pipelineStages } from '../src/pipeline/index.js';

/** Milliseconds spent in each pipeline stage since the timers were installed or reset. */
export interface StageTimes {
  totals: Map<string, number>;
  batches: number;
  reset(): void;
}

/**
 * Wraps the stages of the exported pipeline in timers, in place: the ingest job runs exactly the
 * stages it always runs, each measured from the bench without touching src/. The cost of the
 * wrapper (two performance.now calls per stage per batch) is negligible against a batch.
 */
export function installStageTimers(): StageTimes {
  const times: StageTimes = {
    totals: new Map(),
    batches: 0,
    reset() {
      this.totals.clear();
      this.batches = 0;
    },
  };
  pipelineStages.forEach((stage, index) => {
    const wrapped: PipelineStage = {
      name: stage.name,
      async run(batch) {
        const started = performance.now();
        try {
          await stage.run(batch);
        } finally {
          const elapsed = performance.now() - started;
          times.totals.set(stage.name, (times.totals.get(stage.name) ?? 0) + elapsed);
          if (index === 0) times.batches++;
        }
      },
    };
    pipelineStages[index] = wrapped;
  });
  return times;
}
