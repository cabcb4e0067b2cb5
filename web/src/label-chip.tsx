import type { Label } from './api-client.js';

export function LabelChip({ label }: { label: Label }) {
  return <span className={`label-chip label-${label.colour}`}>{label.name}</span>;
}
