import { describe, expect, it } from 'vitest';
import { ExitCode, MmmError } from '../../../src/errors.js';
import { parseQueueUrl } from '../../../src/queue/connection.js';

function refusal(value: string): MmmError {
  try {
    parseQueueUrl(value);
  } catch (error) {
    if (error instanceof MmmError) return error;
    throw error;
  }
  throw new Error(`${value} was accepted`);
}

describe('parseQueueUrl', () => {
  it('reads host, port and database, and shows the URL without its password', () => {
    const address = parseQueueUrl('redis://worker:s3cret@10.0.0.1:6380/2');
    expect(address).toMatchObject({ host: '10.0.0.1', port: 6380, db: 2, username: 'worker' });
    expect(address.password).toBe('s3cret');
    expect(address.shown).toBe('redis://10.0.0.1:6380/2');
    expect(address.shown).not.toContain('s3cret');
  });

  it('defaults to port 6379 and database 0; rediss:// means TLS', () => {
    expect(parseQueueUrl('redis://queue')).toMatchObject({ port: 6379, db: 0, tls: false });
    expect(parseQueueUrl('rediss://queue:7000').tls).toBe(true);
  });

  it.each([
    ['127.0.0.1:6379', /not a URL|redis:\/\//],
    ['http://queue:6379', /must be a redis:\/\/ URL/],
    ['redis://queue:6379/zero', /database after the port must be a number/],
  ])('refuses %s as a usage error (exit 2)', (value, said) => {
    const error = refusal(value);
    expect(error.exitCode).toBe(ExitCode.invalidInput);
    expect(error.message).toMatch(said);
  });
});
