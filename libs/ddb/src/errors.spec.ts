import {
  ConditionFailedError,
  DdbUnavailableError,
  InvalidArgumentError,
  TransactionConflictError,
  TableNotFoundError,
  ThrottledError,
  TransactionCanceledError,
  translateAwsError,
} from './errors';

const awsError = (name: string, extra: object = {}) => Object.assign(new Error(`${name} happened`), { name, ...extra });

describe('translateAwsError', () => {
  it.each([
    ['ConditionalCheckFailedException', ConditionFailedError],
    ['ProvisionedThroughputExceededException', ThrottledError],
    ['ThrottlingException', ThrottledError],
    ['ResourceNotFoundException', TableNotFoundError],
    ['TimeoutError', DdbUnavailableError],
    ['TransactionConflictException', TransactionConflictError],
    ['ValidationException', InvalidArgumentError],
  ])('turns %s into %p', (name, type) => {
    const translated = translateAwsError(awsError(name));
    expect(translated).toBeInstanceOf(type);
    expect((translated as Error).cause).toBeInstanceOf(Error);
  });

  it('keeps the per-item reasons of a cancelled transaction and says when it is worth retrying', () => {
    const conflict = translateAwsError(
      awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }] }),
    ) as TransactionCanceledError;
    const failedCheck = translateAwsError(
      awsError('TransactionCanceledException', { CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }] }),
    ) as TransactionCanceledError;

    expect(conflict.reasons).toEqual(['None', 'TransactionConflict']);
    expect(conflict.retryable).toBe(true);
    expect(failedCheck.failedConditionAt(0)).toBe(true);
    expect(failedCheck.retryable).toBe(false);
  });

  it('treats refused connections as unavailability', () => {
    expect(translateAwsError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBeInstanceOf(DdbUnavailableError);
  });

  it('passes through errors it does not know', () => {
    const unknown = new TypeError('bug');
    expect(translateAwsError(unknown)).toBe(unknown);
  });
});
