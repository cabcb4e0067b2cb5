import { careStages, type ErasedStage, listeningStages } from '../src/pipeline/index.js';

/** Milliseconds spent in each stage since the timers were installed or reset. */
export interface StageTimes {
  /** The care path's stages (the ingest job), in order. */
  care: Map<string, number>;
  /** The listening stages (the listen job), in order. */
  listening: Map<string, number>;
  batches: number;
  reset(): void;
}

/**
 * Wraps the stages of the exported pipeline and of listening in timers, in place: the jobs run
 * exactly the stages they always run, each measured from the bench without touching src/. The
 * cost of the wrapper (two performance.now calls per stage per batch) is negligible.
 */
export function installStageTimers(): StageTimes {
  const times: StageTimes = {
    care: new Map(),
    listening: new Map(),
    batches: 0,
    reset() {
      this.care.clear();
      this.listening.clear();
      this.batches = 0;
    },
  };
  const timed = async (totals: Map<string, number>, name: string, run: () => Promise<object>) => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      totals.set(name, (totals.get(name) ?? 0) + performance.now() - started);
    }
  };
  careStages.forEach((stage, index) => {
    const wrapped: ErasedStage = {
      name: stage.name,
      async run(batch) {
        if (index === 0) times.batches++;
        return timed(times.care, stage.name, () => stage.run(batch));
      },
    };
    careStages[index] = wrapped;
  });
  listeningStages.forEach((stage, index) => {
    const wrapped: ErasedStage = {
      name: stage.name,
      run: (batch) => timed(times.listening, stage.name, () => stage.run(batch)),
    };
    listeningStages[index] = wrapped;
  });
  return times;
}
