/**
 * Changes to a published version made on purpose, each with why nobody can have relied
 * on what it replaced. Anything else that breaks a published version needs a new version.
 */
export const ACCEPTED_CORRECTIONS: readonly { change: string; why: string }[] = [
  {
    change: 'orders.order.placed v1: items[].unitPrice: maximum changed from 9007199254740991 to 2147483647',
    why:
      'The door accepted amounts the database cannot store; every such order failed in its saga. ' +
      'The bound (and the same bound on the order total) documents what v1 could always process.',
  },
];
