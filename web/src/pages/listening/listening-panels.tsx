import { useState } from 'react';
import { type ApiAnswer, api, failureText } from '../../api/api-client.js';
import { fullTime, shortTime, signed } from '../../components/format.js';
import { Sparkline } from '../../components/line-chart.js';

type Theme = ApiAnswer<'/api/v1/listening/themes'>['data'][number];
type DuplicateCluster = ApiAnswer<'/api/v1/listening/duplicates'>['data'][number];
type Alert = ApiAnswer<'/api/v1/alerts'>['data'][number];

function sentimentText(value: number | null): { text: string; tone: string } {
  if (value === null) return { text: '—', tone: 'unknown' };
  const tone = value <= -0.2 ? 'negative' : value >= 0.2 ? 'positive' : 'neutral';
  return { text: signed(value), tone };
}

export function ThemesTable({ themes }: { themes: Theme[] }) {
  if (themes.length === 0) return <p className="hint">No themes yet.</p>;
  return (
    <table className="report-table themes-table">
      <thead>
        <tr>
          <th scope="col">Theme</th>
          <th scope="col">Trend</th>
          <th scope="col">Messages</th>
          <th scope="col">Sentiment</th>
          <th scope="col">Latest</th>
        </tr>
      </thead>
      <tbody>
        {themes.map((theme) => {
          const sentiment = sentimentText(theme.average_sentiment);
          const counts = theme.trend.map((point) => point.count);
          const recent = counts.reduce((sum, count) => sum + count, 0);
          return (
            <tr key={theme.id} data-theme-id={theme.id}>
              <th scope="row">
                <span className="theme-label">{theme.label}</span>
                <span className="theme-terms">
                  {theme.top_terms
                    .slice(0, 5)
                    .map((term) => term.term)
                    .join(' · ')}
                </span>
              </th>
              <td>
                <Sparkline values={counts} label={`${recent} messages in the charted period`} />
              </td>
              <td data-field="message_count">{theme.message_count}</td>
              <td>
                <span className={`tone tone-${sentiment.tone}`}>{sentiment.text}</span>
              </td>
              <td>
                {theme.last_message_at && (
                  <time dateTime={theme.last_message_at} title={fullTime(theme.last_message_at)}>
                    {shortTime(theme.last_message_at)}
                  </time>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function DuplicateClusters({ clusters }: { clusters: DuplicateCluster[] }) {
  if (clusters.length === 0) return <p className="hint">No copy-paste campaigns found.</p>;
  return (
    <ul className="duplicates">
      {clusters.map((cluster) => (
        <li key={cluster.id} data-cluster-id={cluster.id}>
          <span className="duplicate-count" title={`${cluster.author_count} different authors`}>
            {cluster.message_count}×
          </span>
          <span className="duplicate-body">
            {/* Customer text: rendered as text, never as HTML. */}
            <q className="duplicate-text">{cluster.representative.text}</q>
            <span className="hint">
              {cluster.author_count} authors · {shortTime(cluster.first_seen_at)} –{' '}
              {shortTime(cluster.last_seen_at)}
            </span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Open and acknowledged backlash alerts; analysts and leads acknowledge, then resolve them. */
export function AlertList({
  alerts,
  canWrite,
  onChanged,
}: {
  alerts: Alert[];
  canWrite: boolean;
  onChanged(): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const act = async (alert: Alert, action: 'acknowledge' | 'resolve') => {
    setError(null);
    try {
      const path = `/api/v1/alerts/{id}/${action}` as const;
      await api('post', path, { path: { id: alert.id } });
      onChanged();
    } catch (caught) {
      setError(failureText(caught, 'The alert did not change'));
    }
  };
  return (
    <>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {alerts.length === 0 ? (
        <p className="hint">No open alerts.</p>
      ) : (
        <ul className="alerts">
          {alerts.map((alert) => (
            <li
              key={alert.id}
              className={`alert alert-${alert.severity}`}
              data-alert-id={alert.id}
              aria-label={`Alert: ${alert.summary}`}
            >
              <div className="alert-head">
                <span className={`severity severity-${alert.severity}`}>{alert.severity}</span>
                <span className="alert-status" data-testid="alert-status">
                  {alert.status}
                </span>
                <time dateTime={alert.opened_at} title={fullTime(alert.opened_at)}>
                  {shortTime(alert.opened_at)}
                </time>
              </div>
              <p className="alert-summary">{alert.summary}</p>
              <p className="hint">
                {alert.observed_count} messages vs {alert.expected_count.toFixed(1)} expected ·{' '}
                {shortTime(alert.first_hour_start)} – {shortTime(alert.last_hour_start)}
              </p>
              {canWrite && alert.status !== 'resolved' && (
                <div className="alert-actions">
                  {alert.status === 'open' && (
                    <button type="button" onClick={() => void act(alert, 'acknowledge')}>
                      Acknowledge
                    </button>
                  )}
                  <button type="button" onClick={() => void act(alert, 'resolve')}>
                    Resolve
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
