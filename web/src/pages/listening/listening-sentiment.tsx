import type { ApiAnswer } from '../../api/api-client.js';
import { ChartTable } from '../../components/data-card.js';
import { LineChart } from '../../components/line-chart.js';

type SentimentSeries = ApiAnswer<'/api/v1/listening/sentiment'>;
type SentimentPoint = SentimentSeries['data'][number]['points'][number];

/**
 * Net sentiment of a bucket, -1..1: the API's average polarity when it has one, else the
 * balance of positive and negative messages; null when no message of it was classified.
 */
function netSentiment(point: SentimentPoint): number | null {
  if (point.average_polarity !== null) return point.average_polarity;
  const known = point.negative + point.neutral + point.positive;
  return known === 0 ? null : (point.positive - point.negative) / known;
}

const hourFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** Net sentiment per channel account over time, with the counts behind it in a table. */
export function SentimentOverTime({ series }: { series: SentimentSeries }) {
  const times = series.data[0]?.points.map((point) => point.at) ?? [];
  const format = (iso: string) =>
    (series.bucket === 'day' ? dayFormat : hourFormat).format(new Date(iso));
  const lines = series.data.map((account) => ({
    name: `${account.channel_account.channel} · ${account.channel_account.handle}`,
    values: account.points.map(netSentiment),
  }));
  const classified = series.data.some((account) =>
    account.points.some((point) => point.total > point.unknown),
  );
  if (series.data.length === 0) return <p className="hint">No customer messages yet.</p>;
  return (
    <>
      {classified ? (
        <LineChart
          title="Net sentiment per channel account"
          description={`From ${series.from ?? '?'} to ${series.to ?? '?'} per ${series.bucket}; +1 all positive, −1 all negative.`}
          times={times}
          series={lines}
          min={-1}
          max={1}
          formatTime={format}
          yTicks={[
            { value: 1, label: '+1 positive' },
            { value: 0, label: '0' },
            { value: -1, label: '−1 negative' },
          ]}
        />
      ) : (
        <p className="not-available" data-testid="sentiment-unclassified">
          The messages of this period have no sentiment yet, so there is no line to draw. Their
          volume is in the table below.
        </p>
      )}
      <ChartTable summary="Show the figures">
        <table className="report-table compact">
          <thead>
            <tr>
              <th scope="col">Channel account</th>
              <th scope="col">Messages</th>
              <th scope="col">Negative</th>
              <th scope="col">Neutral</th>
              <th scope="col">Positive</th>
              <th scope="col">Unclassified</th>
            </tr>
          </thead>
          <tbody>
            {series.data.map((account) => {
              const sum = (key: 'total' | 'negative' | 'neutral' | 'positive' | 'unknown') =>
                account.points.reduce((total, point) => total + point[key], 0);
              return (
                <tr key={account.channel_account.id}>
                  <th scope="row">
                    {account.channel_account.channel} · {account.channel_account.handle}
                  </th>
                  <td>{sum('total')}</td>
                  <td>{sum('negative')}</td>
                  <td>{sum('neutral')}</td>
                  <td>{sum('positive')}</td>
                  <td>{sum('unknown')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ChartTable>
    </>
  );
}
