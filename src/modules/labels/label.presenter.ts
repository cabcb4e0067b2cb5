import type { Static } from '@sinclair/typebox';
import type { LabelListSchema, LabelSchema } from './label.schema.js';

interface LabelRow {
  id: number;
  name: string;
  colour: string;
}

export function presentLabel(label: LabelRow): Static<typeof LabelSchema> {
  return { id: label.id, name: label.name, colour: label.colour };
}

export function presentLabelList(labels: LabelRow[]): Static<typeof LabelListSchema> {
  return { data: labels.map(presentLabel) };
}
