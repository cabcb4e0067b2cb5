import { followLink } from '../../app-route.js';
import { ColumnChart } from '../../components/bar-charts.js';
import { ChartTable } from '../../components/data-card.js';
import { fullTime, shortTime, weekdays } from '../../components/format.js';
import { HourOfWeekHeatmap } from '../../components/heatmap-chart.js';
import { ReportCard } from './report-card.js';
import { ageLabels, percent, seconds } from './report-format.js';
import type { ReportQueries } from './report-queries.js';

export function WeeklyAttainmentSection({ queries }: { queries: ReportQueries }) {
  return (
    <ReportCard
      id="weekly"
      title="Attainment by week"
      path="/api/v1/reports/sla-attainment"
      query={queries.weekly}
    >
      {({ data }) =>
        data.length === 0 ? (
          <p className="hint">No conversations in this period.</p>
        ) : (
          <ColumnChart
            title="SLA attainment by week"
            description={data
              .map((row) => `week of ${row.period_start}: ${percent(row.attainment_pct)}`)
              .join('; ')}
            bars={data.map((row) => ({
              label: row.period_start ? row.period_start.slice(5) : '—',
              value: row.attainment_pct,
              text: percent(row.attainment_pct),
            }))}
          />
        )
      }
    </ReportCard>
  );
}

export function VolumeSection({ queries }: { queries: ReportQueries }) {
  return (
    <ReportCard
      id="volume"
      title={`New conversations by hour of week (${queries.volume.tz})`}
      path="/api/v1/reports/volume"
      query={queries.volume}
      wide
    >
      {({ data }) => {
        const total = data.reduce((sum, cell) => sum + cell.conversations, 0);
        const busiest = [...data].sort((a, b) => b.conversations - a.conversations)[0];
        return (
          <>
            <HourOfWeekHeatmap
              title="New conversations by local hour of the week"
              description={`${total} conversations${busiest ? `; busiest: ${busiest.weekday} ${busiest.hour}:00 with ${busiest.conversations}` : ''}`}
              cells={data}
            />
            <ChartTable summary="Show the figures">
              <table className="report-table compact">
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    {Array.from({ length: 24 }, (_, hour) => (
                      <th scope="col" key={hour}>
                        {hour}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {weekdays.map((weekday) => (
                    <tr key={weekday}>
                      <th scope="row">{weekday.slice(0, 3)}</th>
                      {Array.from({ length: 24 }, (_, hour) => (
                        <td key={hour}>
                          {data.find((cell) => cell.weekday === weekday && cell.hour === hour)
                            ?.conversations ?? 0}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </ChartTable>
          </>
        );
      }}
    </ReportCard>
  );
}

export function BacklogSection({ queries }: { queries: ReportQueries }) {
  return (
    <ReportCard
      id="backlog"
      title="Open backlog by age"
      path="/api/v1/reports/backlog"
      query={queries.backlog}
    >
      {({ data }) => (
        <>
          <ColumnChart
            title="Unresolved conversations by age of the first customer message"
            description={data
              .map((row) => `${ageLabels[row.age] ?? row.age}: ${row.conversations}`)
              .join('; ')}
            bars={data.map((row) => ({
              label: ageLabels[row.age] ?? row.age,
              value: row.conversations,
              text: String(row.conversations),
            }))}
          />
          <ChartTable summary="Show the figures">
            <table className="report-table">
              <tbody>
                {data.map((row) => (
                  <tr key={row.age}>
                    <th scope="row">{ageLabels[row.age] ?? row.age}</th>
                    <td data-field={row.age}>{row.conversations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ChartTable>
        </>
      )}
    </ReportCard>
  );
}

export function BreachesSection({
  queries,
  teamName,
  accountName,
}: {
  queries: ReportQueries;
  teamName(id: number | null): string;
  accountName(id: number): string;
}) {
  return (
    <ReportCard
      id="breaches"
      title="Breaching conversations"
      path="/api/v1/reports/breaches"
      query={queries.breaches}
      wide
    >
      {({ data }) =>
        data.length === 0 ? (
          <p className="hint">No conversation breached a target in this period.</p>
        ) : (
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Breached</th>
                <th scope="col">First message</th>
                <th scope="col">First response</th>
                <th scope="col">Team</th>
                <th scope="col">Channel account</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {data.map((row) => (
                <tr key={row.conversation_id}>
                  <th scope="row">
                    <a href={`/conversations/${row.conversation_id}`} onClick={followLink}>
                      #{row.conversation_id}
                    </a>
                  </th>
                  <td>
                    {row.breached.replaceAll('_', ' ') || 'overdue'}
                    {row.overdue_since && (
                      <span className="hint"> · overdue since {shortTime(row.overdue_since)}</span>
                    )}
                  </td>
                  <td>
                    <time dateTime={row.first_inbound_at} title={fullTime(row.first_inbound_at)}>
                      {shortTime(row.first_inbound_at)}
                    </time>
                  </td>
                  <td>{row.first_response_at ? seconds(row.frt_s) : 'not yet'}</td>
                  <td>{teamName(row.team_id)}</td>
                  <td>{accountName(row.channel_account_id)}</td>
                  <td>{row.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )
      }
    </ReportCard>
  );
}
