import type { ReactNode } from 'react';
import type { Query } from '../api/use-api-query.js';

/**
 * A titled card of the reports and listening pages: its data's loading and error states, and,
 * for reports, the CSV download of the same figures.
 */
export function DataCard<T>(props: {
  id: string;
  title: string;
  query: Query<T>;
  /** The same data as a CSV file. */
  download?: string;
  wide?: boolean;
  children(data: T): ReactNode;
}) {
  const { query } = props;
  const heading = <h2 id={`${props.id}-heading`}>{props.title}</h2>;
  return (
    <section
      className={`card${props.wide ? ' card-wide' : ''}`}
      aria-labelledby={`${props.id}-heading`}
      data-testid={props.id}
      aria-busy={query.loading}
    >
      {props.download ? (
        <header className="card-header">
          {heading}
          <a className="csv-link" href={props.download} download>
            CSV
            <span className="visually-hidden"> of {props.title}</span>
          </a>
        </header>
      ) : (
        heading
      )}
      {query.error ? (
        <p className="form-error" role="alert">
          {query.error.message}
        </p>
      ) : query.data === null ? (
        <p className="loading">Loading…</p>
      ) : (
        props.children(query.data)
      )}
    </section>
  );
}

/** The figures behind a chart, folded away for sighted users and always there for others. */
export function ChartTable({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <details className="chart-table">
      <summary>{summary}</summary>
      {children}
    </details>
  );
}
