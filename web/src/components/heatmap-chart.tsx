import { useId } from 'react';

import { weekdays } from './format.js';

/**
 * Conversations by local hour of the week: seven rows of 24 cells, darker where busier, so a
 * lead can see when a team needs people on shift.
 */
export function HourOfWeekHeatmap(props: {
  title: string;
  description: string;
  cells: { weekday: string; hour: number; conversations: number }[];
}) {
  const id = useId();
  const cell = 22;
  const left = 44;
  const top = 18;
  const width = left + 24 * cell + 4;
  const height = top + 7 * cell + 4;
  const max = Math.max(1, ...props.cells.map((entry) => entry.conversations));
  const count = new Map(
    props.cells.map((entry) => [`${entry.weekday}-${entry.hour}`, entry.conversations]),
  );
  return (
    <figure className="heatmap-figure">
      <svg
        className="chart heatmap"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        {Array.from({ length: 24 }, (_, hour) =>
          hour % 3 === 0 ? (
            <text
              key={hour}
              x={left + hour * cell + cell / 2}
              y={12}
              textAnchor="middle"
              className="chart-label"
            >
              {String(hour).padStart(2, '0')}
            </text>
          ) : null,
        )}
        {weekdays.map((weekday, row) => (
          <g key={weekday}>
            <text x={left - 6} y={top + row * cell + 15} textAnchor="end" className="chart-label">
              {weekday.slice(0, 3)}
            </text>
            {Array.from({ length: 24 }, (_, hour) => {
              const value = count.get(`${weekday}-${hour}`) ?? 0;
              return (
                <rect
                  key={hour}
                  x={left + hour * cell}
                  y={top + row * cell}
                  width={cell - 2}
                  height={cell - 2}
                  rx={3}
                  className="heat-cell"
                  style={{ fillOpacity: value === 0 ? 0.06 : 0.15 + (0.85 * value) / max }}
                >
                  <title>{`${weekday} ${String(hour).padStart(2, '0')}:00: ${value} conversations`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
      <figcaption className="hint">
        Darker cells: more new conversations (busiest hour: {max}).
      </figcaption>
    </figure>
  );
}
