import { useId } from 'react';

interface Bar {
  label: string;
  value: number | null;
  /** How the value is written next to the bar ("84%", "3 h"). */
  text: string;
}

/**
 * Horizontal bars, one row per group. Plain SVG with a title and description for screen
 * readers; every chart on a page also has its figures in a table beside it.
 */
export function BarChart(props: {
  title: string;
  description: string;
  bars: Bar[];
  /** The value of a full-width bar; defaults to the largest value. */
  max?: number;
  /** A reference line, e.g. the attainment goal. */
  goal?: { value: number; label: string };
}) {
  const id = useId();
  const rowHeight = 24;
  const labelWidth = 130;
  const width = 480;
  const plotWidth = width - labelWidth - 76;
  const max = props.max ?? Math.max(1, ...props.bars.map((bar) => bar.value ?? 0));
  const height = Math.max(rowHeight, props.bars.length * rowHeight) + 8;
  const x = (value: number) => labelWidth + (Math.min(value, max) / max) * plotWidth;
  return (
    <svg
      className="chart bar-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      {props.bars.map((bar, index) => {
        const y = index * rowHeight + 4;
        return (
          <g key={`${bar.label}-${index}`}>
            <text x={labelWidth - 8} y={y + 15} textAnchor="end" className="chart-label">
              {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              <title>{bar.label}</title>
            </text>
            <rect
              x={labelWidth}
              y={y + 3}
              width={plotWidth}
              height={rowHeight - 8}
              className="bar-track"
            />
            {bar.value !== null && (
              <rect
                x={labelWidth}
                y={y + 3}
                width={Math.max(1, x(bar.value) - labelWidth)}
                height={rowHeight - 8}
                className="bar"
              />
            )}
            <text x={labelWidth + plotWidth + 6} y={y + 15} className="chart-value">
              {bar.text}
            </text>
          </g>
        );
      })}
      {props.goal && (
        <g>
          <line
            x1={x(props.goal.value)}
            x2={x(props.goal.value)}
            y1={0}
            y2={height}
            className="goal-line"
          />
          <title>{props.goal.label}</title>
        </g>
      )}
    </svg>
  );
}

/** Vertical columns over ordered categories (backlog by age). */
export function ColumnChart(props: { title: string; description: string; bars: Bar[] }) {
  const id = useId();
  const width = 480;
  const height = 150;
  const bottom = 26;
  const top = 18;
  const max = Math.max(1, ...props.bars.map((bar) => bar.value ?? 0));
  const slot = width / Math.max(1, props.bars.length);
  return (
    <svg
      className="chart column-chart"
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
    >
      <title id={`${id}-title`}>{props.title}</title>
      <desc id={`${id}-desc`}>{props.description}</desc>
      <line x1={0} x2={width} y1={height - bottom} y2={height - bottom} className="axis" />
      {props.bars.map((bar, index) => {
        const value = bar.value ?? 0;
        const barHeight = ((height - bottom - top) * value) / max;
        const x = index * slot + slot * 0.25;
        return (
          <g key={bar.label}>
            <rect
              x={x}
              y={height - bottom - barHeight}
              width={slot * 0.5}
              height={barHeight}
              className="bar"
            />
            <text
              x={x + slot * 0.25}
              y={height - bottom - barHeight - 4}
              textAnchor="middle"
              className="chart-value"
            >
              {bar.text}
            </text>
            <text x={x + slot * 0.25} y={height - 8} textAnchor="middle" className="chart-label">
              {bar.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
