import { Type } from '@sinclair/typebox';
import { correctableTasks } from './classification.service.js';

export const CorrectionParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  task: Type.Union(correctableTasks.map((task) => Type.Literal(task))),
});

export const CorrectionBody = Type.Object(
  { label: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

export const CorrectionSchema = Type.Object({
  message_id: Type.Integer(),
  task: Type.String(),
  label: Type.String(),
});

export const ActiveModelListSchema = Type.Object({
  data: Type.Array(
    Type.Object({
      task: Type.String(),
      version: Type.String(),
      labels: Type.Array(Type.String()),
    }),
  ),
});
