export type Script = 'arabic' | 'devanagari' | 'latin' | 'other' | 'none';

/**
 * Counts of letters per script, filled one character code at a time, so the reference tokeniser
 * path and the scanner path decide the dominant script by the same rule.
 */
export class ScriptCounts {
  latin = 0;
  arabic = 0;
  devanagari = 0;
  other = 0;

  add(code: number): void {
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0xc0 && code <= 0x24f)) this.latin++;
    else if (
      (code >= 0x600 && code <= 0x6ff) ||
      (code >= 0x750 && code <= 0x77f) ||
      (code >= 0x8a0 && code <= 0x8ff) ||
      (code >= 0xfb50 && code <= 0xfdff) ||
      (code >= 0xfe70 && code <= 0xfeff)
    )
      this.arabic++;
    else if (code >= 0x900 && code <= 0x97f) this.devanagari++;
    else if (code > 0x24f && !(code >= 0x300 && code <= 0x36f)) this.other++;
  }

  dominant(): Script {
    const largest = Math.max(this.latin, this.arabic, this.devanagari, this.other);
    if (largest === 0) return 'none';
    if (this.arabic === largest) return 'arabic';
    if (this.devanagari === largest) return 'devanagari';
    if (this.latin === largest) return 'latin';
    return 'other';
  }
}
