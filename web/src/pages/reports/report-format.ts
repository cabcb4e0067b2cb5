/** "42 s", "35 min", "3.6 h", "2.1 d": response times as leads talk about them. */
export function seconds(value: number | null): string {
  if (value === null) return '—';
  if (value < 60) return `${Math.round(value)} s`;
  if (value < 3600) return `${Math.round(value / 60)} min`;
  if (value < 86_400) return `${(value / 3600).toFixed(1)} h`;
  return `${(value / 86_400).toFixed(1)} d`;
}

export function percent(value: number | null): string {
  return value === null ? '—' : `${value.toLocaleString(undefined, { maximumFractionDigits: 1 })}%`;
}

/** "1 hour", "4 hours", "1 day": the target in the headline sentence. */
export function targetText(targetSeconds: number): string {
  if (targetSeconds % 86_400 === 0) {
    const days = targetSeconds / 86_400;
    return days === 1 ? '1 day' : `${days} days`;
  }
  if (targetSeconds % 3600 === 0) {
    const hours = targetSeconds / 3600;
    return hours === 1 ? '1 hour' : `${hours} hours`;
  }
  return `${Math.round(targetSeconds / 60)} minutes`;
}

export const ageLabels: Record<string, string> = {
  under_1h: '< 1 h',
  '1h_to_4h': '1–4 h',
  '4h_to_24h': '4–24 h',
  '1d_to_3d': '1–3 d',
  '3d_to_7d': '3–7 d',
  over_7d: '> 7 d',
};

export const targetOptions: [string, string][] = [
  ['3600', '1 hour'],
  ['14400', '4 hours'],
  ['86400', '1 day'],
  ['', 'Each SLA policy'],
];
