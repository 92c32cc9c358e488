package org.starlane.bp.bundle;

/**
 * Bundle processing control flags (RFC 9171 §4.2.3). Unassigned bits are kept as they arrived (the
 * primary block is immutable) and otherwise ignored.
 *
 * @param bits the flags word as an unsigned integer
 */
public record BundleProcessingFlags(long bits) {
  public static final long IS_FRAGMENT = 0x000001;
  public static final long ADMINISTRATIVE_RECORD = 0x000002;
  public static final long MUST_NOT_FRAGMENT = 0x000004;
  public static final long ACKNOWLEDGEMENT_REQUESTED = 0x000020;
  public static final long STATUS_TIME_REQUESTED = 0x000040;
  public static final long REPORT_RECEPTION = 0x004000;
  public static final long REPORT_FORWARDING = 0x010000;
  public static final long REPORT_DELIVERY = 0x020000;
  public static final long REPORT_DELETION = 0x040000;

  /** All four status-report request flags. */
  public static final long ALL_REPORT_REQUESTS =
      REPORT_RECEPTION | REPORT_FORWARDING | REPORT_DELIVERY | REPORT_DELETION;

  public static final BundleProcessingFlags NONE = new BundleProcessingFlags(0);

  /** The flags for {@code bits}; the common all-zero word shares one instance. */
  public static BundleProcessingFlags of(long bits) {
    return bits == 0 ? NONE : new BundleProcessingFlags(bits);
  }

  public boolean has(long flag) {
    return (bits & flag) != 0;
  }

  public BundleProcessingFlags with(long flag) {
    return new BundleProcessingFlags(bits | flag);
  }

  public BundleProcessingFlags without(long flag) {
    return new BundleProcessingFlags(bits & ~flag);
  }

  public boolean isFragment() {
    return has(IS_FRAGMENT);
  }

  public boolean isAdministrativeRecord() {
    return has(ADMINISTRATIVE_RECORD);
  }

  public boolean mustNotFragment() {
    return has(MUST_NOT_FRAGMENT);
  }

  public boolean requestsAnyReport() {
    return has(ALL_REPORT_REQUESTS);
  }

  @Override
  public String toString() {
    return "0x" + Long.toHexString(bits);
  }
}
