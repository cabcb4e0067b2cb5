import type { ReactNode } from 'react';
import { type ApiAnswer, type ApiPath, type ApiRequest, apiUrl } from '../../api/api-client.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { DataCard } from '../../components/data-card.js';

type ReportPath = Extract<ApiPath, `/api/v1/reports/${string}`>;

/** One report as a card: its figures, and the same query with `format=csv` as its download. */
export function ReportCard<P extends ReportPath>(props: {
  id: string;
  title: string;
  path: P;
  query: ApiRequest<P>['query'];
  wide?: boolean;
  children(data: ApiAnswer<P>): ReactNode;
}) {
  const { path, query } = props;
  const figures = useApiQuery(path, { query } as ApiRequest<P>);
  return (
    <DataCard
      id={props.id}
      title={props.title}
      query={figures}
      download={apiUrl(path, { query: { ...(query as object), format: 'csv' } })}
      wide={props.wide}
    >
      {props.children}
    </DataCard>
  );
}
