import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contractFile, renderContract } from '../scripts/web-contract.js';

describe('the web app contract', () => {
  it('web/src/api/contract.gen.ts is what the server describes today', async () => {
    const committed = fs.readFileSync(contractFile, 'utf8').split('\n');
    const current = (await renderContract()).split('\n');
    const firstDifference = current.findIndex((line, index) => committed[index] !== line);
    const stale =
      firstDifference >= 0 || committed.length !== current.length
        ? `stale at line ${firstDifference + 1}: run \`npm run contract\` and commit the result`
        : null;
    expect(stale).toBeNull();
  });
});
