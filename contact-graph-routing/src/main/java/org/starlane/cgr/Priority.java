package org.starlane.cgr;

/**
 * A bundle's priority for SABR's volume bookkeeping (CCSDS 734.3-B-1 §3.2.6.7; ION's class of
 * service): bundles of higher priority are sent first in a contact, so booking one consumes the
 * residual volume seen by its own and every lower priority, and it may bump lower-priority bundles
 * booked into the same contact (overbooking). Thread-safe.
 */
public enum Priority {
  /** Sent last; sees the contact's volume left after all bookings. */
  BULK,
  /** The default. */
  NORMAL,
  /** Sent first; sees the volume left after the other expedited bookings only. */
  EXPEDITED
}
