import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRuntime, type TestRuntime } from '../src/test/test-runtime.js';
import { runHearken } from './process-helpers.js';

/** `hearken channels` from the server console: add (password from a file), list, remove; pause and the rest are the API's services. */
let runtime: TestRuntime;
const key = randomBytes(32).toString('hex');

beforeAll(async () => {
  runtime = await createTestRuntime();
});
afterAll(async () => {
  await runtime.close();
});

describe('hearken channels', () => {
  it('connects a mailbox without a password on the command line, lists it and removes it', async () => {
    const environment = { ...runtime.childEnvironment, HEARKEN_SECRET_KEY: key };
    const passwordFile = path.join(runtime.dataDir, 'imap-password');
    fs.writeFileSync(passwordFile, 'cli-secret-9\n');
    const add = await runHearken(
      [
        'channels',
        'add',
        'email',
        '--address',
        'desk@shop.test',
        '--imap-host',
        '127.0.0.1',
        '--imap-port',
        '993',
        '--imap-user',
        'desk',
        '--imap-password-file',
        passwordFile,
        '--smtp-host',
        '127.0.0.1',
        '--smtp-port',
        '25',
        '--no-test',
      ],
      environment,
    );
    expect(add.code, add.stderr).toBe(0);
    const id = /channel account (\d+)/.exec(add.stdout)?.[1];
    expect(id).toBeDefined();
    const listed = await runHearken(['channels', 'list'], environment);
    expect(listed.stdout).toContain(`${id}\temail\tdesk@shop.test\tok`);
    expect(listed.stdout + listed.stderr).not.toContain('cli-secret-9');
    expect((await runHearken(['channels', 'remove', String(id)], environment)).code).toBe(0);
  }, 300_000);
});
