import type { Hours } from './calendar-problems.js';

/**
 * Open intervals of one day. Text fields rather than time pickers: a shift can end at 24:00,
 * and an end at or before the start means it runs past midnight, which pickers cannot express.
 */
export function HoursEditor(props: {
  label: string;
  hours: Hours[];
  onChange(hours: Hours[]): void;
  emptyText: string;
}) {
  const { hours } = props;
  const update = (index: number, change: Partial<Hours>) =>
    props.onChange(hours.map((entry, at) => (at === index ? { ...entry, ...change } : entry)));
  return (
    <div className="hours-editor">
      {hours.length === 0 && <span className="hint">{props.emptyText}</span>}
      {hours.map((entry, index) => (
        // Intervals have no identity of their own; their position is what the API stores.
        <span className="interval" key={index}>
          <input
            className="clock"
            aria-label={`${props.label} from (${index + 1})`}
            value={entry.start}
            placeholder="09:00"
            inputMode="numeric"
            onChange={(event) => update(index, { start: event.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            className="clock"
            aria-label={`${props.label} until (${index + 1})`}
            value={entry.end}
            placeholder="17:00"
            inputMode="numeric"
            onChange={(event) => update(index, { end: event.target.value })}
          />
          {entry.end <= entry.start && entry.end !== '' && (
            <span className="hint" title="Ends the next day">
              +1 day
            </span>
          )}
          <button
            type="button"
            className="link"
            aria-label={`Remove ${props.label} hours ${index + 1}`}
            onClick={() => props.onChange(hours.filter((_, at) => at !== index))}
          >
            ✕
          </button>
        </span>
      ))}
      <button
        type="button"
        className="link"
        aria-label={`Add ${props.label} hours`}
        onClick={() =>
          props.onChange([
            ...hours,
            hours.length === 0 ? { start: '09:00', end: '17:00' } : { start: '', end: '' },
          ])
        }
      >
        + hours
      </button>
    </div>
  );
}
