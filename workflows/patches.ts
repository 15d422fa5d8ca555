/**
 * Ids of the `patched()` changes to the saga. Runs recorded before a change replay their
 * old branch; test/replay/histories/<id>/ holds the histories of the new one.
 */
export const PATCHES = {
  /** A cancel asked for while a step attempt ran is the reason, even if that attempt then fails. */
  cancelIsFirstCause: 'cancel-is-first-cause',
  /** completeOrder is retried in rounds until it succeeds; runs before compensated on its failure. */
  completionRetriedUntilDone: 'completion-retried-until-done',
  /** A long-stuck saga continues as a new run; runs before let their history grow. */
  stuckSagaContinuesAsNew: 'stuck-saga-continues-as-new',
  /** The compensable forward steps run as local activities; runs before use regular ones. */
  forwardStepsLocal: 'forward-steps-local',
  /**
   * completeOrder refused because a door fenced the order first: the cancel is honoured and
   * the saga compensates; runs before would retry it as stuck.
   */
  fencedCancelBeforeCompletion: 'fenced-cancel-before-completion',
  /**
   * The steps' compensations run as local activities (cancelOrder stays regular), so a saga
   * undoes its steps within the workflow task that decided to; runs that began
   * compensating before keep regular ones.
   */
  compensationsLocal: 'compensations-local',
} as const;
