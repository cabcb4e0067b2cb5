import { useApiQuery } from '../../api/use-api-query.js';
import { ReportCard } from './report-card.js';
import { percent, seconds, targetText } from './report-format.js';
import { GroupFigures, groupNames } from './report-group-figures.js';
import type { ReportQueries } from './report-queries.js';

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
      {({ data }) => (
        <GroupFigures
          rows={data}
          groupBy={groupBy}
          chart={{
            title: `First responses within target, by ${groupNames[groupBy].toLowerCase()}`,
            max: 100,
            value: (row) => row.attainment_pct,
            text: (row) => percent(row.attainment_pct),
            describe: (row) => percent(row.attainment_pct),
          }}
          columns={[
            { header: 'Conversations', field: 'conversations' },
            { header: 'Answered', field: 'answered' },
            { header: 'Under a target', field: 'under_target' },
            { header: 'Met', field: 'met' },
            { header: 'Attainment', field: 'attainment_pct', format: percent },
          ]}
        />
      )}
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
      {({ data }) => (
        <GroupFigures
          rows={data}
          groupBy={groupBy}
          chart={{
            title: 'Median first response time',
            value: (row) => row.frt_p50_s,
            text: (row) => `p50 ${seconds(row.frt_p50_s)}`,
            describe: (row) => `p50 ${seconds(row.frt_p50_s)}, p90 ${seconds(row.frt_p90_s)}`,
          }}
          columns={[
            { header: 'Answered', field: 'answered' },
            { header: 'First response p50', field: 'frt_p50_s', format: seconds },
            { header: 'p90', field: 'frt_p90_s', format: seconds },
            { header: 'Resolved', field: 'resolved' },
            { header: 'Resolution p50', field: 'resolution_p50_s', format: seconds },
            { header: 'p90', field: 'resolution_p90_s', format: seconds },
          ]}
        />
      )}
    </ReportCard>
  );
}
