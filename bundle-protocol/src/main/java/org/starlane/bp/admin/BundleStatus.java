package org.starlane.bp.admin;

import org.starlane.bp.bundle.BundleProcessingFlags;

/**
 * The four status assertions of a bundle status report (RFC 9171 §6.1.1), in the order of the
 * bundle status information array, each with the bundle processing control flag that requests a
 * report of it (RFC 9171 §4.2.3).
 */
public enum BundleStatus {
  /** "Reporting node received bundle": a bundle reception status report (RFC 9171 §5.1). */
  RECEIVED(BundleProcessingFlags.REPORT_RECEPTION, "received"),
  /** "Reporting node forwarded the bundle": a bundle forwarding status report. */
  FORWARDED(BundleProcessingFlags.REPORT_FORWARDING, "forwarded"),
  /** "Reporting node delivered the bundle": a bundle delivery status report. */
  DELIVERED(BundleProcessingFlags.REPORT_DELIVERY, "delivered"),
  /** "Reporting node deleted the bundle": a bundle deletion status report. */
  DELETED(BundleProcessingFlags.REPORT_DELETION, "deleted");

  private final long requestFlag;
  private final String label;

  BundleStatus(long requestFlag, String label) {
    this.requestFlag = requestFlag;
    this.label = label;
  }

  /** The bundle processing control flag that requests a report of this status. */
  public long requestFlag() {
    return requestFlag;
  }

  /** Whether a bundle with these flags asks for a report of this status. */
  public boolean isRequestedBy(BundleProcessingFlags flags) {
    return flags.has(requestFlag);
  }

  /** The index of this status in the bundle status information array (0..3). */
  public int index() {
    return ordinal();
  }

  @Override
  public String toString() {
    return label;
  }
}
