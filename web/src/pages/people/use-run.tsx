import { useState } from 'react';
import { failureText } from '../../api/api-client.js';

/** One action at a time, with its outcome in words (a status line or an error). */
export function useRun() {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (work: () => Promise<string>): Promise<boolean> => {
    setBusy(true);
    setStatus(null);
    setError(null);
    try {
      setStatus(await work());
      return true;
    } catch (caught) {
      setError(failureText(caught, 'That did not work'));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, status, error, run };
}

export function Outcome({ status, error }: { status: string | null; error: string | null }) {
  return (
    <>
      {status && <output className="saved">{status}</output>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}
