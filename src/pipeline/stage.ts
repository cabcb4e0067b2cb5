/**
 * A stage reads what it `Needs` from the batch and returns what it `Adds` to it. `run` is a
 * property (not a method) on purpose: TypeScript checks function-typed properties
 * contravariantly, so a stage that needs a field no earlier stage added cannot be chained.
 */
export interface Stage<Needs extends object, Adds extends object> {
  name: string;
  run: (batch: Needs) => Promise<Adds>;
}

/**
 * A stage with its types erased, as the chain stores it to run it. The chain's builder is what
 * checks the order; this is for running and for instruments (the benchmarks time each stage by
 * wrapping it in place).
 */
export interface ErasedStage {
  name: string;
  run: (batch: never) => Promise<object>;
}

/**
 * Stages in the order they run, built with `pipeline<Batch>().andThen(first).andThen(next)...`:
 * each `andThen` accepts only a stage whose needs the batch meets after the stages before it, so
 * the list compiles only in a valid order. Running folds what each stage adds into the batch
 * object itself (no copies).
 */
export class Pipeline<In extends object, Out extends object> {
  private constructor(readonly stages: ErasedStage[]) {}

  /** A chain of no stage yet over batches of type `In`. */
  static over<In extends object>(): Pipeline<In, In> {
    return new Pipeline<In, In>([]);
  }

  /** Not `then`: that would make a chain look like a promise to `await`. */
  andThen<Adds extends object>(next: Stage<Out, Adds>): Pipeline<In, Out & Adds> {
    return new Pipeline<In, Out & Adds>([...this.stages, next]);
  }

  /** Runs the stages over `batch` in order, adding each stage's output to it. */
  async run(batch: In): Promise<Out> {
    // The builder checked the order, so each stage gets a batch with what it needs.
    const state: object = batch;
    for (const stage of this.stages) {
      Object.assign(state, await (stage.run as (batch: object) => Promise<object>)(state));
    }
    return state as Out;
  }
}

/** A chain over batches of type `In` that starts as `In`; add stages with `andThen`. */
export function pipeline<In extends object>(): Pipeline<In, In> {
  return Pipeline.over<In>();
}
