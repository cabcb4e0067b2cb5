import type { Config } from '../../platform/config.js';
import type { Priority } from '../../platform/database/schema.js';

const hour = 3_600_000;

/** Which channel kinds are social, the age that makes an earlier conversation count, the raise. */
export interface BypassSettings {
  /** Threshold in milliseconds per social channel kind. */
  thresholds: ReadonlyMap<string, number>;
  /** The priority a flagged conversation is raised to, or null to flag only. */
  priority: Exclude<Priority, 'low' | 'normal'> | null;
}

export function bypassSettings(config: Config): BypassSettings {
  const thresholds = new Map<string, number>();
  for (const entry of config.bypassSocialChannels.split(',')) {
    const [kind, hours] = entry.split(':');
    if (!kind) continue;
    thresholds.set(
      kind,
      (hours === undefined ? config.bypassThresholdHours : Number(hours)) * hour,
    );
  }
  return {
    thresholds,
    priority: config.bypassPriority === 'none' ? null : config.bypassPriority,
  };
}
