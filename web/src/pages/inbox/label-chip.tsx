import type { Label } from '../../api/contract.js';

export function LabelChip({ label }: { label: Label }) {
  return <span className={`label-chip label-${label.colour}`}>{label.name}</span>;
}
