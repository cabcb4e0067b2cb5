/** "card_arrival" reads as "card arrival"; the API value stays what is sent back. */
export function labelText(label: string): string {
  return label.replaceAll('_', ' ');
}

const languageNames = new Intl.DisplayNames(undefined, { type: 'language' });

export function languageName(code: string): string {
  if (code === 'und' || code === '') return 'unknown language';
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}
