import type { ReactNode } from 'react';
import type { ApiData } from '../api/use-api-query.js';
import { csv } from '../pages/reports/report-queries.js';
import { NotAvailable } from './page-shell.js';

/** A titled report card with its CSV download, and the loading and error states of its data. */
export function ReportSection<T>(props: {
  id: string;
  title: string;
  url: string;
  state: ApiData<T>;
  children(data: T): ReactNode;
  wide?: boolean;
}) {
  const { state } = props;
  return (
    <section
      className={`card${props.wide ? ' card-wide' : ''}`}
      aria-labelledby={`${props.id}-heading`}
      data-testid={props.id}
      aria-busy={state.loading}
    >
      <header className="card-header">
        <h2 id={`${props.id}-heading`}>{props.title}</h2>
        <a className="csv-link" href={csv(props.url)} download>
          CSV
          <span className="visually-hidden"> of {props.title}</span>
        </a>
      </header>
      {state.unavailable ? (
        <NotAvailable what={props.title} />
      ) : state.error ? (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      ) : state.data === null ? (
        <p className="loading">Loading…</p>
      ) : (
        props.children(state.data)
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
