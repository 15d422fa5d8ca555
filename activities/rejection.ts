import { ApplicationFailure, ApplicationFailureCategory } from '@temporalio/common';

/**
 * A business rejection (or a refusal to act on an order in the wrong state): final,
 * so non-retryable, and expected, so BENIGN: the worker logs it at debug level
 * instead of as a warning with a stack trace.
 */
export function businessRejection(message: string, type: string, ...details: unknown[]): ApplicationFailure {
  return ApplicationFailure.create({
    message,
    type,
    details,
    nonRetryable: true,
    category: ApplicationFailureCategory.BENIGN,
  });
}
