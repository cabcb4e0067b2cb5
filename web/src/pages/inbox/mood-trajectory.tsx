import type { ConversationDetail, MoodPoint } from '../../api/contract.js';
import { shortTime, signed } from '../../components/format.js';

/** Beyond this many customer messages the strip shows the latest ones and counts the rest. */
const maxPoints = 40;

/** "negative, angry": what one point means, for the tooltip, the screen reader and the list. */
function moodText(point: MoodPoint): string {
  const parts = [point.sentiment ?? 'not classified yet'];
  if (point.score !== null && !point.corrected) parts[0] += ` ${signed(point.score)}`;
  if (point.angry) parts.push('angry');
  if (point.corrected) parts.push('corrected by an agent');
  return parts.join(', ');
}

const moodClass = (point: MoodPoint) =>
  `mood-${point.sentiment ?? 'unknown'}${point.angry ? ' mood-angry' : ''}`;

/**
 * The customer's sentiment message by message, as a strip of dots: colour and height give the
 * sentiment (positive high, negative low), a ring marks anger. Each dot names itself in text.
 */
export function MoodTrajectory({
  trajectory,
}: {
  trajectory: ConversationDetail['sentiment_trajectory'];
}) {
  if (!trajectory || trajectory.points.length === 0) return null;
  const shown = trajectory.points.slice(-maxPoints);
  const hidden = trajectory.points.length - shown.length;
  const { first, latest, trend } = trajectory.summary;
  return (
    <div className="mood-trajectory" data-testid="mood-trajectory">
      <span className="mood-caption">Customer mood</span>
      {hidden > 0 && <span className="mood-earlier">+{hidden} earlier</span>}
      <ol className="mood-strip" aria-label="Customer sentiment, message by message">
        {shown.map((point) => {
          const text = `${shortTime(point.at)}: ${moodText(point)}`;
          return (
            <li
              key={point.message_id}
              className={`mood-dot ${moodClass(point)}`}
              data-sentiment={point.sentiment ?? 'unknown'}
              data-angry={point.angry ? 'true' : undefined}
              title={text}
            >
              <span className="visually-hidden">{text}</span>
            </li>
          );
        })}
      </ol>
      {latest && (
        <span className="mood-summary" data-testid="mood-summary">
          {trend ? `${first} → ${latest} · ${trend}` : latest}
        </span>
      )}
    </div>
  );
}

/** A sign for each mood, so the marker does not speak through colour alone. */
function moodGlyph(point: MoodPoint): string {
  if (point.angry) return '!';
  if (point.sentiment === 'positive') return '+';
  if (point.sentiment === 'negative') return '−';
  if (point.sentiment === 'neutral') return '=';
  return '?';
}

/** The list row's marker: the mood of the conversation's latest customer message. */
export function MoodMarker({ mood }: { mood: MoodPoint | null | undefined }) {
  if (!mood || (mood.sentiment === null && !mood.angry)) return null;
  const text = `Latest customer message: ${moodText(mood)}`;
  return (
    <span
      className={`mood-marker ${moodClass(mood)}`}
      role="img"
      aria-label={text}
      title={text}
      data-testid="mood-marker"
      data-sentiment={mood.sentiment ?? 'unknown'}
      data-angry={mood.angry ? 'true' : undefined}
    >
      <span aria-hidden="true">{moodGlyph(mood)}</span>
    </span>
  );
}
