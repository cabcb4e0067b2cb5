import { BarChart } from '../../components/bar-charts.js';
import type { GroupBy } from './report-queries.js';

export const groupNames: Record<GroupBy, string> = {
  team: 'Team',
  channel_account: 'Channel account',
  agent: 'Agent',
};

interface GroupRow {
  group_id: number | null;
  group_name: string | null;
}

export const nameOf = (row: GroupRow, groupBy: GroupBy) =>
  row.group_name ?? (groupBy === 'agent' ? 'Unassigned' : groupBy === 'team' ? 'No team' : '—');

export interface GroupColumn<Row> {
  header: string;
  field: keyof Row & string;
  /** Shows the figure formatted, with the raw value in `data-value` (the e2e tests read it). */
  format?(value: number | null): string;
}

/**
 * A grouped report (per team, channel account or agent): a bar per group, then the table of its
 * figures, one row per group and one column per figure.
 */
export function GroupFigures<Row extends GroupRow>(props: {
  rows: Row[];
  groupBy: GroupBy;
  chart: {
    title: string;
    max?: number;
    value(row: Row): number | null;
    text(row: Row): string;
    describe(row: Row): string;
  };
  columns: GroupColumn<Row>[];
}) {
  const { rows, groupBy, chart } = props;
  if (rows.length === 0) return <p className="hint">No conversations in this period.</p>;
  return (
    <>
      <BarChart
        title={chart.title}
        description={rows
          .map((row) => `${nameOf(row, groupBy)}: ${chart.describe(row)}`)
          .join('; ')}
        {...(chart.max === undefined ? {} : { max: chart.max })}
        bars={rows.map((row) => ({
          label: nameOf(row, groupBy),
          value: chart.value(row),
          text: chart.text(row),
        }))}
      />
      <table className="report-table">
        <thead>
          <tr>
            <th scope="col">{groupNames[groupBy]}</th>
            {props.columns.map((column) => (
              <th scope="col" key={column.field}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.group_id}`} data-group-id={row.group_id ?? ''}>
              <th scope="row">{nameOf(row, groupBy)}</th>
              {props.columns.map((column) => {
                const value = row[column.field] as number | null;
                return column.format ? (
                  <td key={column.field} data-field={column.field} data-value={value ?? ''}>
                    {column.format(value)}
                  </td>
                ) : (
                  <td key={column.field} data-field={column.field}>
                    {value}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
