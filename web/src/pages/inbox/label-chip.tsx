import type { Label } from '../../api/api-client.js';

export function LabelChip({ label }: { label: Label }) {
  return <span className={`label-chip label-${label.colour}`}>{label.name}</span>;
}
