import { BarChart, ColumnChart } from '../../components/bar-charts.js';
import { ChartTable } from '../../components/data-card.js';
import { ReportCard } from './report-card.js';
import { percent } from './report-format.js';
import type { ReportQueries } from './report-queries.js';

const share = (rate: number | null) => percent(rate === null ? null : rate * 100);

/**
 * Social bypass: the share of social conversations started while the same customer's
 * conversation on another channel had been left unresolved (docs/metrics.md), per week, channel
 * and team, and the channels people bypass.
 */
export function BypassSection({ queries }: { queries: ReportQueries }) {
  return (
    <ReportCard
      id="bypass"
      title="Social bypass"
      path="/api/v1/reports/bypass"
      query={queries.bypass}
      wide
    >
      {(report) =>
        report.total.conversations === 0 ? (
          <p className="hint">No conversation started on a social channel in this period.</p>
        ) : (
          <>
            <p>
              <strong>{share(report.total.rate)}</strong> of {report.total.conversations} social
              conversations came from customers left unresolved elsewhere ({report.total.bypassed}).
            </p>
            <ColumnChart
              title="Bypass rate by week"
              description={report.by_week
                .map((row) => `week of ${row.week_start}: ${share(row.rate)}`)
                .join('; ')}
              bars={report.by_week.map((row) => ({
                label: row.week_start.slice(5),
                value: row.rate === null ? null : row.rate * 100,
                text: share(row.rate),
              }))}
            />
            <BarChart
              title="Channels people bypass"
              description={report.from_channels
                .map((row) => `${row.channel}: ${row.bypassed}`)
                .join('; ')}
              bars={report.from_channels.map((row) => ({
                label: row.channel,
                value: row.bypassed,
                text: String(row.bypassed),
              }))}
            />
            <ChartTable summary="Bypass rate by channel and team">
              <table className="report-table compact">
                <thead>
                  <tr>
                    <th scope="col">Channel or team</th>
                    <th scope="col">Social conversations</th>
                    <th scope="col">Bypass</th>
                    <th scope="col">Rate</th>
                  </tr>
                </thead>
                <tbody>
                  {[
                    ...report.by_channel.map((row) => ({
                      key: `c-${row.channel}`,
                      label: row.channel,
                      ...row,
                    })),
                    ...report.by_team.map((row) => ({
                      key: `t-${row.team_id}`,
                      label: `team: ${row.team_name ?? 'none'}`,
                      ...row,
                    })),
                  ].map((row) => (
                    <tr key={row.key}>
                      <th scope="row">{row.label}</th>
                      <td>{row.conversations}</td>
                      <td>{row.bypassed}</td>
                      <td>{share(row.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ChartTable>
          </>
        )
      }
    </ReportCard>
  );
}
