import { Type } from '@sinclair/typebox';

/** Tasks an agent can correct; language has its own identifier and no training path here. */
export const correctableTasks = ['sentiment', 'anger', 'complaint', 'intent'] as const;
export type CorrectableTask = (typeof correctableTasks)[number];

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
