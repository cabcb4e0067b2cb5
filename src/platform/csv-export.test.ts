import { describe, expect, it } from 'vitest';
import { neutraliseFormula, toCsv } from './csv-export.js';

describe('report CSV', () => {
  it('neutralises every way a cell can start a formula', () => {
    for (const text of [
      '=1+1',
      '+1',
      '-1',
      '@SUM(A1)',
      ' =cmd',
      '\n=cmd',
      '\t=cmd',
      '\r=cmd',
      '＝1+1',
      '　＋1',
      '\tanything',
    ]) {
      expect(neutraliseFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    }
    for (const text of ['Billing', 'a=b', '1-2', 'x@example.com']) {
      expect(neutraliseFormula(text)).toBe(text);
    }
  });

  it('quotes what needs it, escapes quotes and leaves numbers alone', () => {
    expect(toCsv([{ team: 'A "B"', count: -3, name: '=HYPERLINK("x")', plain: 'Billing' }])).toBe(
      `team,count,name,plain\r\n"A ""B""",-3,"'=HYPERLINK(""x"")",Billing\r\n`,
    );
  });
});
