import type { Kysely } from 'kysely';
import type { Database } from '../../platform/database/schema.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../auth/index.js';
import {
  type ConsultationRow,
  findConsultation,
  type RingRow,
  ringsOf,
} from './consult.repository.js';
import { canSeeConsultation, viewerOfPrincipal } from './embargo.service.js';

/**
 * The consultation an owner (or an admin) acts on; 404 for everyone else, as if it did not
 * exist (the embargo decides, not a role check of its own).
 */
export async function managedConsultation(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
): Promise<{ consultation: ConsultationRow; rings: RingRow[] }> {
  const consultation = await findConsultation(db, principal.organisationId, id);
  if (!consultation) throw notFound('consultation');
  const rings = await ringsOf(db, id);
  const sight = await canSeeConsultation(
    db,
    viewerOfPrincipal(principal),
    consultation,
    undefined,
    {
      rings,
    },
  );
  if (!sight.visible || !sight.manages) throw notFound('consultation');
  return { consultation, rings };
}
