import { useApiQuery } from '../../api/use-api-query.js';
import { BarChart } from '../../components/bar-charts.js';
import { ReportCard } from './report-card.js';
import { percent, seconds, targetText } from './report-format.js';
import type { GroupBy, ReportQueries } from './report-queries.js';

const groupNames: Record<GroupBy, string> = {
  team: 'Team',
  channel_account: 'Channel account',
  agent: 'Agent',
};

const nameOf = (row: { group_name: string | null }, groupBy: GroupBy) =>
  row.group_name ?? (groupBy === 'agent' ? 'Unassigned' : groupBy === 'team' ? 'No team' : '—');

/** The sentence leaders quote: "First response within 1 hour, 84% of the time". */
export function AttainmentHeadline({ queries }: { queries: ReportQueries }) {
  const { headline } = queries;
  const calendarTarget = useApiQuery(headline && '/api/v1/reports/first-response', {
    query: headline ?? { target_seconds: 0 },
  });
  const policyTarget = useApiQuery(headline ? null : '/api/v1/reports/sla-attainment', {
    query: queries.policyHeadline,
  });
  let figure: number | null = null;
  let detail = '';
  if (headline && calendarTarget.data) {
    const organisation = calendarTarget.data.organisation;
    figure = organisation.within_target_pct;
    detail = `${organisation.within_target} of ${organisation.conversations} conversations · median first response ${seconds(organisation.frt_p50_s)}, p90 ${seconds(organisation.frt_p90_s)}`;
  } else if (!headline && policyTarget.data) {
    const row = policyTarget.data.data[0];
    figure = row?.attainment_pct ?? null;
    detail = row
      ? `${row.met} of ${row.under_target} conversations under an SLA policy`
      : 'No conversations';
  }
  const error = calendarTarget.error ?? policyTarget.error;
  return (
    <section className="headline" aria-label="SLA attainment" data-testid="headline">
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : (
        <>
          <p className="headline-sentence">
            First response within{' '}
            {headline ? targetText(headline.target_seconds) : 'the SLA policy target'},{' '}
            <strong data-testid="headline-percent" data-value={figure ?? ''}>
              {percent(figure)}
            </strong>{' '}
            of the time
          </p>
          <p className="headline-detail">{detail}</p>
        </>
      )}
    </section>
  );
}

export function AttainmentSection({ queries }: { queries: ReportQueries }) {
  const groupBy = queries.attainment.group_by;
  return (
    <ReportCard
      id="attainment"
      title={`SLA attainment by ${groupNames[groupBy].toLowerCase()}`}
      path="/api/v1/reports/sla-attainment"
      query={queries.attainment}
    >
      {({ data }) =>
        data.length === 0 ? (
          <p className="hint">No conversations in this period.</p>
        ) : (
          <>
            <BarChart
              title={`First responses within target, by ${groupNames[groupBy].toLowerCase()}`}
              description={data
                .map((row) => `${nameOf(row, groupBy)}: ${percent(row.attainment_pct)}`)
                .join('; ')}
              max={100}
              bars={data.map((row) => ({
                label: nameOf(row, groupBy),
                value: row.attainment_pct,
                text: percent(row.attainment_pct),
              }))}
            />
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{groupNames[groupBy]}</th>
                  <th scope="col">Conversations</th>
                  <th scope="col">Answered</th>
                  <th scope="col">Under a target</th>
                  <th scope="col">Met</th>
                  <th scope="col">Attainment</th>
                </tr>
              </thead>
              <tbody>
                {data.map((row) => (
                  <tr key={`${row.group_id}`} data-group-id={row.group_id ?? ''}>
                    <th scope="row">{nameOf(row, groupBy)}</th>
                    <td data-field="conversations">{row.conversations}</td>
                    <td data-field="answered">{row.answered}</td>
                    <td data-field="under_target">{row.under_target}</td>
                    <td data-field="met">{row.met}</td>
                    <td data-field="attainment_pct" data-value={row.attainment_pct ?? ''}>
                      {percent(row.attainment_pct)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      }
    </ReportCard>
  );
}

export function ResponseTimesSection({ queries }: { queries: ReportQueries }) {
  const groupBy = queries.responseTimes.group_by;
  return (
    <ReportCard
      id="response-times"
      title="First response and resolution times"
      path="/api/v1/reports/response-times"
      query={queries.responseTimes}
    >
      {({ data }) =>
        data.length === 0 ? (
          <p className="hint">No conversations in this period.</p>
        ) : (
          <>
            <BarChart
              title="Median first response time"
              description={data
                .map(
                  (row) =>
                    `${nameOf(row, groupBy)}: p50 ${seconds(row.frt_p50_s)}, p90 ${seconds(row.frt_p90_s)}`,
                )
                .join('; ')}
              bars={data.map((row) => ({
                label: nameOf(row, groupBy),
                value: row.frt_p50_s,
                text: `p50 ${seconds(row.frt_p50_s)}`,
              }))}
            />
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">{groupNames[groupBy]}</th>
                  <th scope="col">Answered</th>
                  <th scope="col">First response p50</th>
                  <th scope="col">p90</th>
                  <th scope="col">Resolved</th>
                  <th scope="col">Resolution p50</th>
                  <th scope="col">p90</th>
                </tr>
              </thead>
              <tbody>
                {data.map((row) => (
                  <tr key={`${row.group_id}`} data-group-id={row.group_id ?? ''}>
                    <th scope="row">{nameOf(row, groupBy)}</th>
                    <td data-field="answered">{row.answered}</td>
                    <td data-field="frt_p50_s" data-value={row.frt_p50_s ?? ''}>
                      {seconds(row.frt_p50_s)}
                    </td>
                    <td data-field="frt_p90_s" data-value={row.frt_p90_s ?? ''}>
                      {seconds(row.frt_p90_s)}
                    </td>
                    <td data-field="resolved">{row.resolved}</td>
                    <td data-field="resolution_p50_s" data-value={row.resolution_p50_s ?? ''}>
                      {seconds(row.resolution_p50_s)}
                    </td>
                    <td data-field="resolution_p90_s" data-value={row.resolution_p90_s ?? ''}>
                      {seconds(row.resolution_p90_s)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )
      }
    </ReportCard>
  );
}
