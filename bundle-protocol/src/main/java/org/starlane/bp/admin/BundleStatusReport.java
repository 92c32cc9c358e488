package org.starlane.bp.admin;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * A bundle status report (RFC 9171 §6.1.1), administrative record type 1: what the reporting node
 * did with a subject bundle, and why.
 *
 * <pre>
 *   status-record-content = [
 *     bundle-status-information: [ received, forwarded, delivered, deleted, *further items ],
 *     status-report-reason-code: uint,
 *     source-node-eid: eid,                          -- of the subject bundle
 *     subject-creation-timestamp: [ dtn-time, seq ],
 *     ? ( subject-payload-offset: uint,              -- if and only if the subject is a fragment:
 *         subject-payload-length: uint )             --   4 elements, else 6
 *   ]
 *   each status item = [ asserted: bool, ? time: dtn-time ]   -- see {@link BundleStatusItem}
 * </pre>
 *
 * <p>RFC 9171 §6.1.1 says the status information is "an array of at least four elements" whose
 * first four are the assertions above; items after the fourth (none are defined yet) are kept in
 * {@link #statusInformation()} so they survive a round trip. The reason code set is open ({@link
 * StatusReportReason} keeps codes it does not know). The subject's fragment offset and payload
 * length come from its {@link BundleId}. Immutable and thread-safe.
 *
 * @param statusInformation the bundle status items, at least four: {@link BundleStatus#RECEIVED},
 *     {@link BundleStatus#FORWARDED}, {@link BundleStatus#DELIVERED}, {@link BundleStatus#DELETED}
 *     in this order, then any further items
 * @param reason the status report reason code
 * @param subject the subject bundle: source node ID, creation timestamp and, for a fragment,
 *     fragment offset and payload length
 */
public record BundleStatusReport(
    List<BundleStatusItem> statusInformation, StatusReportReason reason, BundleId subject)
    implements AdministrativeRecord {

  /** The four status items that RFC 9171 §6.1.1 defines. */
  public static final int STATUS_ITEMS = 4;

  /**
   * @throws IllegalArgumentException if there are fewer than four status items
   */
  public BundleStatusReport {
    statusInformation = List.copyOf(statusInformation);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(subject.source(), "subject source");
    Objects.requireNonNull(subject.creationTimestamp(), "subject creation timestamp");
    if (statusInformation.size() < STATUS_ITEMS) {
      throw new IllegalArgumentException(
          "bundle status information needs at least "
              + STATUS_ITEMS
              + " items (received, forwarded, delivered, deleted), found "
              + statusInformation.size());
    }
  }

  /** A report with the four status items of RFC 9171 §6.1.1 and no further ones. */
  public BundleStatusReport(
      BundleStatusItem received,
      BundleStatusItem forwarded,
      BundleStatusItem delivered,
      BundleStatusItem deleted,
      StatusReportReason reason,
      BundleId subject) {
    this(List.of(received, forwarded, delivered, deleted), reason, subject);
  }

  /**
   * A report that asserts one {@code status} of {@code subject} (RFC 9171 §6.2 step 1), the other
   * three not asserted. The item carries {@code statusTimeMillis} if and only if the subject's
   * "status time is requested in all status reports" flag is set (RFC 9171 §6.1.1); a fragment's
   * report carries its offset and payload length.
   *
   * @param subject the bundle the report is about
   * @param status what the reporting node did with it
   * @param reason why
   * @param statusTimeMillis the DTN time (ms) at which the status was asserted, from the agent's
   *     clock; ignored unless the subject requested status times
   * @throws IllegalArgumentException if the subject is anonymous (source {@code dtn:none}): it
   *     cannot be identified, so RFC 9171 §4.2.3 disables reports about it
   */
  public static BundleStatusReport of(
      Bundle subject, BundleStatus status, StatusReportReason reason, long statusTimeMillis) {
    Objects.requireNonNull(status, "status");
    if (subject.primary().source().isNull()) {
      throw new IllegalArgumentException(
          "bundle "
              + subject.id()
              + " is anonymous: no status report can identify it (RFC 9171 §4.2.3)");
    }
    BundleStatusItem item =
        subject.primary().flags().has(BundleProcessingFlags.STATUS_TIME_REQUESTED)
            ? BundleStatusItem.assertedAt(statusTimeMillis)
            : BundleStatusItem.ASSERTED;
    List<BundleStatusItem> items = new ArrayList<>(STATUS_ITEMS);
    for (BundleStatus s : BundleStatus.values()) {
      items.add(s == status ? item : BundleStatusItem.NOT_ASSERTED);
    }
    return new BundleStatusReport(items, reason, subject.id());
  }

  @Override
  public long typeCode() {
    return BUNDLE_STATUS_REPORT;
  }

  /** The item of one of the four defined statuses. */
  public BundleStatusItem item(BundleStatus status) {
    return statusInformation.get(status.index());
  }

  public BundleStatusItem received() {
    return item(BundleStatus.RECEIVED);
  }

  public BundleStatusItem forwarded() {
    return item(BundleStatus.FORWARDED);
  }

  public BundleStatusItem delivered() {
    return item(BundleStatus.DELIVERED);
  }

  public BundleStatusItem deleted() {
    return item(BundleStatus.DELETED);
  }

  /** Whether {@code status} is asserted. */
  public boolean asserts(BundleStatus status) {
    return item(status).isAsserted();
  }

  /**
   * This report with the item of {@code status} replaced, for a report that asserts several
   * statuses at once (for example received and forwarded).
   */
  public BundleStatusReport with(BundleStatus status, BundleStatusItem item) {
    List<BundleStatusItem> items = new ArrayList<>(statusInformation);
    items.set(status.index(), Objects.requireNonNull(item, "item"));
    return new BundleStatusReport(items, reason, subject);
  }

  /**
   * The bundle that carries this report about {@code subject} from {@code reportingNode} to the
   * subject's report-to endpoint (RFC 9171 §6.1.1: reports "are transmitted to the report-to
   * endpoints of bundles"); see {@link AdministrativeRecord#toBundle} for its primary block.
   *
   * @throws IllegalArgumentException if this report is not about {@code subject}, the subject's
   *     report-to EID is {@code dtn:none}, or {@code reportingNode} is not a node ID
   */
  public Bundle toBundleFor(
      Bundle subject,
      EndpointId reportingNode,
      CreationTimestamp creationTimestamp,
      long lifetimeMillis) {
    if (!subject.id().equals(this.subject)) {
      throw new IllegalArgumentException(
          "this report is about " + this.subject + ", not about " + subject.id());
    }
    EndpointId reportTo = subject.primary().reportTo();
    if (reportTo.isNull()) {
      throw new IllegalArgumentException(
          "bundle "
              + subject.id()
              + " has report-to "
              + reportTo
              + ": there is nobody to report to");
    }
    return toBundle(reportingNode, reportTo, creationTimestamp, lifetimeMillis);
  }

  @Override
  public void writeContentTo(ByteBuf out) {
    CborWriter.writeArrayHeader(out, subject.fragment() ? 6 : 4);
    CborWriter.writeArrayHeader(out, statusInformation.size());
    for (BundleStatusItem item : statusInformation) {
      item.writeTo(out);
    }
    CborWriter.writeUnsigned(out, reason.code());
    subject.source().writeTo(out);
    CreationTimestamp created = subject.creationTimestamp();
    CborWriter.writeArrayHeader(out, 2);
    CborWriter.writeUnsigned(out, created.creationTimeMillis());
    CborWriter.writeUnsigned(out, created.sequenceNumber());
    if (subject.fragment()) {
      CborWriter.writeUnsigned(out, subject.fragmentOffset());
      CborWriter.writeUnsigned(out, subject.fragmentLength());
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("BundleStatusReport[");
    for (BundleStatus status : BundleStatus.values()) {
      s.append(status).append(' ').append(item(status)).append(", ");
    }
    for (int i = STATUS_ITEMS; i < statusInformation.size(); i++) {
      s.append("item ").append(i).append(' ').append(statusInformation.get(i)).append(", ");
    }
    return s.append("reason ")
        .append(reason)
        .append(", subject ")
        .append(subject)
        .append(']')
        .toString();
  }
}
