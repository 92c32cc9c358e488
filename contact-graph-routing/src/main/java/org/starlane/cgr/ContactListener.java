package org.starlane.cgr;

/**
 * Told when the planned contacts of a node open and close ({@link ContactSchedule}): the way a
 * simulated link follows the contact plan (bring the link up at the start, down at the end), and
 * the way an operator's log shows the plan unfolding. Called on the scheduler's thread.
 */
public interface ContactListener {

  /** {@code contact} opened (its start time is now). */
  void contactStarted(Contact contact);

  /** {@code contact} closed (its end time is now). */
  void contactEnded(Contact contact);
}
