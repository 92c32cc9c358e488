package org.starlane.bp.bundle;

/**
 * A bundle status report reason code (RFC 9171 §6.1.1 and the IANA registry, including the BPSec
 * codes of RFC 9172 §8). The set is open: a code this node does not know is kept as its number.
 *
 * @param code the reason code, an unsigned integer on the wire
 */
public record StatusReportReason(long code) {
  public static final StatusReportReason NO_ADDITIONAL_INFORMATION = new StatusReportReason(0);
  public static final StatusReportReason LIFETIME_EXPIRED = new StatusReportReason(1);
  public static final StatusReportReason FORWARDED_OVER_UNIDIRECTIONAL_LINK =
      new StatusReportReason(2);
  public static final StatusReportReason TRANSMISSION_CANCELED = new StatusReportReason(3);
  public static final StatusReportReason DEPLETED_STORAGE = new StatusReportReason(4);
  public static final StatusReportReason DESTINATION_ENDPOINT_ID_UNAVAILABLE =
      new StatusReportReason(5);
  public static final StatusReportReason NO_KNOWN_ROUTE = new StatusReportReason(6);
  public static final StatusReportReason NO_TIMELY_CONTACT = new StatusReportReason(7);
  public static final StatusReportReason BLOCK_UNINTELLIGIBLE = new StatusReportReason(8);
  public static final StatusReportReason HOP_LIMIT_EXCEEDED = new StatusReportReason(9);
  public static final StatusReportReason TRAFFIC_PARED = new StatusReportReason(10);
  public static final StatusReportReason BLOCK_UNSUPPORTED = new StatusReportReason(11);
  public static final StatusReportReason MISSING_SECURITY_OPERATION = new StatusReportReason(12);
  public static final StatusReportReason UNKNOWN_SECURITY_OPERATION = new StatusReportReason(13);
  public static final StatusReportReason UNEXPECTED_SECURITY_OPERATION = new StatusReportReason(14);
  public static final StatusReportReason FAILED_SECURITY_OPERATION = new StatusReportReason(15);
  public static final StatusReportReason CONFLICTING_SECURITY_OPERATION =
      new StatusReportReason(16);

  private static final String[] NAMES = {
    "no additional information",
    "lifetime expired",
    "forwarded over unidirectional link",
    "transmission canceled",
    "depleted storage",
    "destination endpoint ID unavailable",
    "no known route to destination from here",
    "no timely contact with next node on route",
    "block unintelligible",
    "hop limit exceeded",
    "traffic pared",
    "block unsupported",
    "missing security operation",
    "unknown security operation",
    "unexpected security operation",
    "failed security operation",
    "conflicting security operation"
  };

  /** The registered name, or "unassigned reason code N". */
  public String description() {
    return code >= 0 && code < NAMES.length
        ? NAMES[(int) code]
        : "unassigned reason code " + Long.toUnsignedString(code);
  }

  @Override
  public String toString() {
    return description() + " (" + Long.toUnsignedString(code) + ")";
  }
}
