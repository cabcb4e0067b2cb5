import { describe, expect, it } from 'vitest';
import type { CareBatch } from './care-batch.js';
import { careStages } from './care-pipeline.js';
import type { ListeningBatch } from './listening-batch.js';
import { listeningStages } from './listening-pipeline.js';
import { pipeline } from './stage.js';
import { backlashStage } from './stages/backlash.stage.js';
import { classifyStage } from './stages/classify.stage.js';
import { escalateStage } from './stages/escalate.stage.js';
import { persistStage } from './stages/persist.stage.js';
import { queueListeningStage } from './stages/queue-listening.stage.js';
import { resolveChannelAccountStage } from './stages/resolve-channel-account.stage.js';
import { resolveContactStage } from './stages/resolve-contact.stage.js';
import { routeStage } from './stages/route.stage.js';
import { slaStage } from './stages/sla.stage.js';
import { themesStage } from './stages/themes.stage.js';
import { threadStage } from './stages/thread.stage.js';

/**
 * The stage order is checked by the compiler: each `@ts-expect-error` below is a chain in a wrong
 * order, and `tsc --noEmit` fails if any of them compiles (the directive is then unused). The
 * chains are only built, never run.
 */
function wrongOrders() {
  // Route before persist: it routes stored conversations, which persist creates.
  pipeline<CareBatch>()
    .andThen(threadStage)
    .andThen(classifyStage)
    .andThen(resolveChannelAccountStage)
    .andThen(resolveContactStage)
    // @ts-expect-error route needs what persist adds
    .andThen(routeStage);

  // Persist before the contacts are resolved.
  pipeline<CareBatch>()
    .andThen(threadStage)
    .andThen(classifyStage)
    .andThen(resolveChannelAccountStage)
    // @ts-expect-error persist needs the contacts
    .andThen(persistStage);

  // Classify before threading: there are no live items yet.
  pipeline<CareBatch>()
    // @ts-expect-error classify needs what thread adds
    .andThen(classifyStage);

  // SLA before routing: SLA policies match on the final team and priority.
  pipeline<CareBatch>()
    .andThen(threadStage)
    .andThen(classifyStage)
    .andThen(resolveChannelAccountStage)
    .andThen(resolveContactStage)
    .andThen(persistStage)
    .andThen(escalateStage)
    // @ts-expect-error sla needs what route adds
    .andThen(slaStage);

  // Route before escalate: a routing rule's priority must apply over the raised one.
  pipeline<CareBatch>()
    .andThen(threadStage)
    .andThen(classifyStage)
    .andThen(resolveChannelAccountStage)
    .andThen(resolveContactStage)
    .andThen(persistStage)
    // @ts-expect-error route needs what escalate adds
    .andThen(routeStage);

  // Backlash before themes: it reads the hours the themes stage rolled up.
  pipeline<ListeningBatch>()
    // @ts-expect-error backlash needs what themes adds
    .andThen(backlashStage);

  // A care stage in the listening chain.
  pipeline<ListeningBatch>()
    // @ts-expect-error the themes' batch has no inbound items
    .andThen(threadStage);
}

describe('stage order', () => {
  it('is the order of the chains, as the compiler checked it', () => {
    expect(typeof wrongOrders).toBe('function');
    expect(careStages.map((stage) => stage.name)).toEqual([
      'thread',
      'classify',
      'resolve-channel-account',
      'resolve-contact',
      'persist',
      'escalate',
      'bypass',
      'route',
      'sla',
      'queue-listening',
    ]);
    expect(listeningStages.map((stage) => stage.name)).toEqual(['themes', 'backlash']);
    // The stages a correct chain is made of, so the imports above stay the real ones.
    expect([queueListeningStage, themesStage].map((stage) => stage.name)).toEqual([
      'queue-listening',
      'themes',
    ]);
  });
});
