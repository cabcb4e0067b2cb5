import { useApiQuery } from '../../api/use-api-query.js';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 100)}%`);
const hours = (value: number | null) =>
  value === null ? '–' : value < 48 ? `${Math.round(value)} h` : `${Math.round(value / 24)} days`;

/**
 * The credibility gap of the last 90 days in one line per channel: how much feedback was acted on,
 * answered, declined with a reason, or left silent (definitions in docs/metrics.md).
 */
export function CredibilityCard({ version }: { version: number }) {
  const report = useApiQuery('/api/v1/reports/loop', { query: { group_by: 'channel' } }, version);
  if (report.error) {
    return (
      <p className="form-error" role="alert">
        The credibility figures could not be loaded: {report.error.message}
      </p>
    );
  }
  const data = report.data;
  if (!data) return <p className="hint">Loading…</p>;
  const rows = [{ key: 'All channels', figures: data.organisation }, ...data.groups];
  return (
    <section className="card credibility-card" aria-label="Credibility gap">
      <div className="card-header">
        <h2>Credibility gap, last 90 days</h2>
        <a className="csv-link" href="/api/v1/reports/loop?group_by=channel&format=csv" download>
          CSV
        </a>
      </div>
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">Channel</th>
            <th scope="col">Feedback</th>
            <th scope="col">Acted on</th>
            <th scope="col">Answered in {data.days} days</th>
            <th scope="col">Silent after {data.days} days</th>
            <th scope="col">Declined with a reason</th>
            <th scope="col">Median to public answer</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.key}</th>
              <td>{row.figures.feedback_items}</td>
              <td>{percent(row.figures.acted_on_rate)}</td>
              <td>{percent(row.figures.answered_rate)}</td>
              <td>{percent(row.figures.silent_share)}</td>
              <td>{percent(row.figures.declined_share)}</td>
              <td>{hours(row.figures.median_hours_to_public_answer)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
