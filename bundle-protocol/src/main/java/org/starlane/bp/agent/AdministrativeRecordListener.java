package org.starlane.bp.agent;

import org.starlane.bp.admin.AdministrativeRecord;
import org.starlane.bp.bundle.Bundle;

/**
 * Receives the administrative records addressed to this node's administrative endpoint, its node ID
 * (RFC 9171 §6.1): status reports about bundles this node sent. Called on the agent's thread: it
 * must return quickly and never block.
 */
@FunctionalInterface
public interface AdministrativeRecordListener {
  /**
   * @param bundle the bundle that carried the record
   * @param record the decoded record
   */
  void administrativeRecordReceived(Bundle bundle, AdministrativeRecord record);
}
