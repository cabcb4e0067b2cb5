import { describe, expect, it } from 'vitest';
import { isInternalAddress, outboundUrlProblem } from './outbound-address.js';

describe('outbound addresses', () => {
  it('refuses loopback, link-local, private and mapped addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect(isInternalAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });

  it('checks URLs, their scheme and the addresses their host resolves to', async () => {
    expect(await outboundUrlProblem('http://169.254.169.254/latest/meta-data/', false)).toMatch(
      /private/,
    );
    expect(await outboundUrlProblem('http://127.0.0.1:5432/', false)).toMatch(/private/);
    expect(await outboundUrlProblem('http://localhost:8080/hook', false)).toMatch(/private/);
    expect(await outboundUrlProblem('http://[::1]/', false)).toMatch(/private/);
    expect(await outboundUrlProblem('ftp://example.com/', false)).toMatch(/http/);
    expect(await outboundUrlProblem('not a url', false)).toMatch(/http/);
    expect(await outboundUrlProblem('https://user:pw@93.184.216.34/', false)).toMatch(/password/);
    expect(await outboundUrlProblem('https://93.184.216.34/hook', false)).toBeNull();
    expect(await outboundUrlProblem('http://127.0.0.1:5432/', true)).toBeNull();
  });
});
