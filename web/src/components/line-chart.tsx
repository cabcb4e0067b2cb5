import { useId } from 'react';

interface Series {
  name: string;
  /** One value per point of `times`; null leaves a gap (no messages in that bucket). */
  values: (number | null)[];
}

const palette = ['#2457d6', '#c2410c', '#0e7490', '#7c3aed', '#15803d', '#be123c', '#4b5563'];

/**
 * Several series over shared times, e.g. the average sentiment of each channel account per day.
 * The y range is fixed by the caller so charts of the same measure compare at a glance.
 */
export function LineChart(props: {
  title: string;
  description: string;
  times: string[];
  series: Series[];
  min: number;
  max: number;
  formatTime(iso: string): string;
  yTicks: { value: number; label: string }[];
}) {
  const id = useId();
  const width = 1200;
  const height = 260;
  const left = 84;
  const right = 12;
  const top = 10;
  const bottom = 24;
  const count = Math.max(1, props.times.length - 1);
  const x = (index: number) => left + ((width - left - right) * index) / count;
  const y = (value: number) =>
    top + ((props.max - value) / (props.max - props.min)) * (height - top - bottom);
  const step = Math.max(1, Math.ceil(props.times.length / 12));
  return (
    <figure className="line-chart-figure">
      <svg
        className="chart line-chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{props.title}</title>
        <desc id={`${id}-desc`}>{props.description}</desc>
        {props.yTicks.map((tick) => (
          <g key={tick.value}>
            <line
              x1={left}
              x2={width - right}
              y1={y(tick.value)}
              y2={y(tick.value)}
              className="grid-line"
            />
            <text x={left - 6} y={y(tick.value) + 4} textAnchor="end" className="chart-label">
              {tick.label}
            </text>
          </g>
        ))}
        {props.times.map((time, index) =>
          index % step === 0 ? (
            <text
              key={time}
              x={x(index)}
              y={height - 6}
              textAnchor="middle"
              className="chart-label"
            >
              {props.formatTime(time)}
            </text>
          ) : null,
        )}
        {props.series.map((series, seriesIndex) => {
          const colour = palette[seriesIndex % palette.length];
          // A gap in the data breaks the line rather than drawing a slope nobody measured.
          const path = series.values
            .map((value, index) => {
              if (value === null) return '';
              const previous = index > 0 ? series.values[index - 1] : null;
              return `${previous === null || previous === undefined ? 'M' : 'L'}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
            })
            .join(' ');
          return (
            <g key={series.name}>
              <path d={path} fill="none" stroke={colour} strokeWidth={2} />
              {series.values.map((value, index) =>
                value === null ? null : (
                  <circle
                    key={props.times[index]}
                    cx={x(index)}
                    cy={y(value)}
                    r={2.5}
                    fill={colour}
                  >
                    <title>{`${series.name}, ${props.formatTime(props.times[index] ?? '')}: ${value.toFixed(2)}`}</title>
                  </circle>
                ),
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="legend">
        {props.series.map((series, index) => (
          <span key={series.name}>
            <span className="swatch" style={{ background: palette[index % palette.length] }} />
            {series.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

/** A word-sized trend line, e.g. a theme's messages per hour. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const width = 120;
  const height = 26;
  const max = Math.max(1, ...values);
  const count = Math.max(1, values.length - 1);
  const points = values
    .map(
      (value, index) =>
        `${((width * index) / count).toFixed(1)},${(height - 2 - ((height - 4) * value) / max).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg className="sparkline" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <polyline points={points} fill="none" strokeWidth={1.5} />
    </svg>
  );
}
