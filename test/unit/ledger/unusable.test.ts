import { describe, expect, it } from 'vitest';
import { PreconditionError } from '../../../src/errors.js';
import { explainLedgerError } from '../../../src/ledger/unusable.js';

/** An error shaped like better-sqlite3's SqliteError. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('explainLedgerError', () => {
  it('makes a ledger that stayed locked past the wait an unmet precondition with what to do', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']) {
      const explained = explainLedgerError(
        sqliteError(code, 'database is locked'),
        '/r/.mmm/mmm.db',
        false,
      );
      expect(explained).toBeInstanceOf(PreconditionError);
      expect((explained as PreconditionError).message).toContain('stayed locked');
      expect((explained as PreconditionError).hint).toContain('try again');
    }
  });

  it('leaves errors that are not about the database as they are', () => {
    const bug = new TypeError('not a ledger problem');
    expect(explainLedgerError(bug, '/r/.mmm/mmm.db', false)).toBe(bug);
  });
});
