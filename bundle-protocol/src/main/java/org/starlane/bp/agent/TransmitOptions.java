package org.starlane.bp.agent;

import java.time.Duration;
import java.util.Objects;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.eid.EndpointId;

/**
 * How {@link BundleProtocolAgent#transmit} builds a bundle (RFC 9171 §5.2, §4.2.3).
 *
 * @param lifetime the bundle's lifetime (RFC 9171 §4.2.8), whole milliseconds
 * @param flags bundle processing control flags: status report requests, status time requested, must
 *     not fragment, acknowledgement requested; never "is a fragment" or "administrative record",
 *     which the agent sets itself
 * @param reportTo the report-to EID (RFC 9171 §4.2.5.3), {@code dtn:none} for none
 * @param hopLimit the hop limit of a Hop Count block (RFC 9171 §4.4.3), 1..255, or 0 for no Hop
 *     Count block
 */
public record TransmitOptions(
    Duration lifetime, BundleProcessingFlags flags, EndpointId reportTo, int hopLimit) {

  /** One hour, no flags, no report-to, no hop count. */
  public static final TransmitOptions DEFAULT =
      new TransmitOptions(Duration.ofHours(1), BundleProcessingFlags.NONE, EndpointId.NONE, 0);

  public TransmitOptions {
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(flags, "flags");
    Objects.requireNonNull(reportTo, "reportTo");
    if (lifetime.isNegative()) {
      throw new IllegalArgumentException("lifetime " + lifetime + " is negative");
    }
    if (flags.has(
        BundleProcessingFlags.IS_FRAGMENT | BundleProcessingFlags.ADMINISTRATIVE_RECORD)) {
      throw new IllegalArgumentException(
          "flags " + flags + ": the agent sets 'is a fragment' and 'administrative record' itself");
    }
    if (hopLimit < 0 || hopLimit > 255) {
      throw new IllegalArgumentException("hop limit " + hopLimit + " outside 0..255");
    }
  }

  public TransmitOptions withLifetime(Duration newLifetime) {
    return new TransmitOptions(newLifetime, flags, reportTo, hopLimit);
  }

  /** These options with the bundle processing control flag(s) {@code flag} set as well. */
  public TransmitOptions withFlag(long flag) {
    return new TransmitOptions(lifetime, flags.with(flag), reportTo, hopLimit);
  }

  /** These options asking for reports of {@code statuses}, sent to {@code newReportTo}. */
  public TransmitOptions withReports(EndpointId newReportTo, BundleStatus... statuses) {
    BundleProcessingFlags f = flags;
    for (BundleStatus s : statuses) {
      f = f.with(s.requestFlag());
    }
    return new TransmitOptions(lifetime, f, newReportTo, hopLimit);
  }

  public TransmitOptions withHopLimit(int newHopLimit) {
    return new TransmitOptions(lifetime, flags, reportTo, newHopLimit);
  }

  /** The lifetime in milliseconds, rounded up. */
  long lifetimeMillis() {
    long millis = lifetime.toMillis();
    return lifetime.minusMillis(millis).isZero() ? millis : millis + 1;
  }
}
