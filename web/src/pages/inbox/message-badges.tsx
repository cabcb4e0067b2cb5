import { useState } from 'react';
import { type ApiRequest, api } from '../../api/api-client.js';
import type { Classification } from '../../api/contract.js';
import { signed } from '../../components/format.js';
import { labelText, languageName } from './classification-labels.js';
import { CorrectableBadge } from './correction-menu.js';

const binaryNames = {
  anger: { anger: 'angry', other: 'not angry' },
  complaint: { complaint: 'complaint', other: 'no complaint' },
} as const;

type Task = ApiRequest<'/api/v1/messages/{id}/classification/{task}', 'put'>['path']['task'];

const percent = (probability: number) => `${Math.round(probability * 100)}%`;

/**
 * What the models read in one customer message: sentiment with its score, anger, complaint,
 * intent, language and churn risk. Each correctable badge opens a menu of the model's labels.
 */
export function MessageBadges({
  messageId,
  classification,
  modelLabels,
  onCorrected,
}: {
  messageId: number;
  classification: Classification;
  /** The labels of each task's active model: what a correction may pick. */
  modelLabels: Map<string, string[]>;
  onCorrected?: () => void;
}) {
  // Stored corrections come with the message; new ones show at once.
  const [corrections, setCorrections] = useState<Record<string, string>>(
    classification.corrections ?? {},
  );

  const correct = (task: Task) => async (label: string) => {
    await api('put', '/api/v1/messages/{id}/classification/{task}', {
      path: { id: messageId, task },
      body: { label },
    });
    setCorrections((current) => ({ ...current, [task]: label }));
    onCorrected?.();
  };
  const labels = (task: string) => modelLabels.get(task) ?? [];

  const sentiment = corrections.sentiment ?? classification.sentiment;
  const angerLabel = corrections.anger ?? (classification.anger >= 0.5 ? 'anger' : 'other');
  const complaintLabel =
    corrections.complaint ?? (classification.complaint >= 0.5 ? 'complaint' : 'other');
  const intent = corrections.intent ?? classification.intent;

  return (
    <div className="message-badges" data-testid="message-badges">
      <CorrectableBadge
        task="sentiment"
        className={`sentiment-${sentiment}`}
        current={sentiment}
        labels={labels('sentiment')}
        corrected={'sentiment' in corrections}
        onCorrect={correct('sentiment')}
      >
        <span data-testid="sentiment-badge">
          {sentiment}
          {!('sentiment' in corrections) && ` ${signed(classification.sentiment_score)}`}
        </span>
      </CorrectableBadge>
      <CorrectableBadge
        task="anger"
        className={angerLabel === 'anger' ? 'badge-alarm' : 'badge-quiet'}
        current={angerLabel}
        labels={labels('anger')}
        names={binaryNames.anger}
        corrected={'anger' in corrections}
        onCorrect={correct('anger')}
      >
        {binaryNames.anger[angerLabel as keyof typeof binaryNames.anger] ?? angerLabel}
        {!('anger' in corrections) && ` ${percent(classification.anger)}`}
      </CorrectableBadge>
      <CorrectableBadge
        task="complaint"
        className={complaintLabel === 'complaint' ? 'badge-warn' : 'badge-quiet'}
        current={complaintLabel}
        labels={labels('complaint')}
        names={binaryNames.complaint}
        corrected={'complaint' in corrections}
        onCorrect={correct('complaint')}
      >
        {binaryNames.complaint[complaintLabel as keyof typeof binaryNames.complaint] ??
          complaintLabel}
        {!('complaint' in corrections) && ` ${percent(classification.complaint)}`}
      </CorrectableBadge>
      {intent && (
        <CorrectableBadge
          task="intent"
          className="badge-intent"
          current={intent}
          labels={labels('intent')}
          corrected={'intent' in corrections}
          onCorrect={correct('intent')}
        >
          intent: {labelText(intent)}
          {!('intent' in corrections) && ` ${percent(classification.intent_score)}`}
        </CorrectableBadge>
      )}
      <span
        className="badge badge-static"
        title={`Language: ${languageName(classification.language)}`}
      >
        {classification.language.toUpperCase()}
      </span>
      {classification.churn_risk && (
        <span
          className="badge badge-churn"
          data-testid="churn-badge"
          title="The customer may leave"
        >
          churn risk: {classification.churn_risk}
        </span>
      )}
    </div>
  );
}
