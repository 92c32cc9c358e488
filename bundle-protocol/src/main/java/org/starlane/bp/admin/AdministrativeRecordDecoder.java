package org.starlane.bp.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.EndpointIdFormatException;

/**
 * The strict decoder behind {@link AdministrativeRecord#decode}: one instance per record, confined
 * to the calling thread. It remembers which record and field it is reading so that any problem, its
 * own or the {@link CborReader}'s, becomes one {@link AdministrativeRecordException} naming both
 * and the byte offset in the payload.
 *
 * <p>The record's own arrays (the record, the report, the status information and each status item)
 * may be definite- or indefinite-length; the endpoint ID and the creation timestamp are read
 * exactly as in the primary block (definite-length).
 */
final class AdministrativeRecordDecoder {
  private static final String RECORD = "administrative record";
  private static final String STATUS_REPORT = "bundle status report (record type 1)";

  private static final String RECORD_SHAPE =
      "an administrative record is an array of 2 elements [record type code, record content]";
  private static final String REPORT_SHAPE =
      "a bundle status report is an array of 4 elements, or 6 when the subject is a fragment";
  private static final String ITEM_SHAPE =
      "a bundle status item is an array of 1 or 2 elements [asserted, ? status time]";

  private static final String F_TYPE = "record type code";
  private static final String F_CONTENT = "record content";
  private static final String F_STATUS_INFORMATION = "bundle status information";
  private static final String F_REASON = "status report reason code";
  private static final String F_SOURCE = "source node ID";
  private static final String F_CREATION = "creation timestamp";
  private static final String F_FRAGMENT_OFFSET = "fragment offset";
  private static final String F_FRAGMENT_LENGTH = "fragment length";

  private final CborReader in;
  private final CborLimits limits;
  private String record = RECORD;
  private String field;

  private AdministrativeRecordDecoder(CborReader in, CborLimits limits) {
    this.in = in;
    this.limits = limits;
  }

  static AdministrativeRecord decode(ByteBuffer payload, CborLimits limits) {
    ByteBuf buf = Unpooled.wrappedBuffer(payload.duplicate());
    return new AdministrativeRecordDecoder(new CborReader(buf, limits), limits).decodeWhole();
  }

  private AdministrativeRecord decodeWhole() {
    try {
      AdministrativeRecord result = readRecord();
      field = null;
      if (in.isReadable()) {
        throw new CborException(
            in.buffer().readableBytes() + " bytes follow the end of the record", in.offset());
      }
      return result;
    } catch (CborException e) {
      throw new AdministrativeRecordException(record, field, e.offset(), e.problem(), e);
    } catch (EndpointIdFormatException | IllegalArgumentException e) {
      throw new AdministrativeRecordException(record, field, in.offset(), e.getMessage(), e);
    } catch (IndexOutOfBoundsException e) {
      // CborReader checks every length before reading; this last line of defence keeps the type.
      throw new AdministrativeRecordException(
          record, field, in.offset(), "truncated: " + e.getMessage(), e);
    }
  }

  /** {@code [record type code, record content]}. */
  private AdministrativeRecord readRecord() {
    int start = in.offset();
    int count = in.readArrayHeader();
    if (count != CborReader.INDEFINITE && count != 2) {
      throw new CborException(RECORD_SHAPE + ", found " + count, start);
    }
    field = F_TYPE;
    requireElement(count, 0, start, RECORD_SHAPE);
    long type = in.readUnsigned();
    record =
        type == AdministrativeRecord.BUNDLE_STATUS_REPORT
            ? STATUS_REPORT
            : RECORD + " (type " + Long.toUnsignedString(type) + ")";
    field = F_CONTENT;
    requireElement(count, 1, start, RECORD_SHAPE);
    AdministrativeRecord result;
    if (type == AdministrativeRecord.BUNDLE_STATUS_REPORT) {
      result = readStatusReport();
    } else {
      ByteBuf buf = in.buffer();
      int from = buf.readerIndex();
      in.skipItem();
      result =
          new UnknownAdministrativeRecord(
              type, ByteBufUtil.getBytes(buf, from, buf.readerIndex() - from));
    }
    field = null;
    requireEnd(count, 2, start, RECORD_SHAPE);
    return result;
  }

  /** The content of record type 1 (RFC 9171 §6.1.1). */
  private BundleStatusReport readStatusReport() {
    field = null;
    int start = in.offset();
    int count = in.readArrayHeader();
    if (count != CborReader.INDEFINITE && count != 4 && count != 6) {
      throw new CborException(REPORT_SHAPE + ", found " + count, start);
    }
    field = F_STATUS_INFORMATION;
    requireElement(count, 0, start, REPORT_SHAPE);
    List<BundleStatusItem> items = readStatusInformation();
    field = F_REASON;
    requireElement(count, 1, start, REPORT_SHAPE);
    StatusReportReason reason = new StatusReportReason(in.readUnsigned());
    field = F_SOURCE;
    requireElement(count, 2, start, REPORT_SHAPE);
    EndpointId source = EndpointId.readFrom(in);
    field = F_CREATION;
    requireElement(count, 3, start, REPORT_SHAPE);
    in.readArrayHeader(2, F_CREATION);
    CreationTimestamp created = new CreationTimestamp(in.readUnsigned(), in.readUnsigned());
    boolean fragment = count == CborReader.INDEFINITE ? !in.readBreakIfPresent() : count == 6;
    BundleId subject;
    if (fragment) {
      field = F_FRAGMENT_OFFSET;
      long offset = in.readUnsigned();
      field = F_FRAGMENT_LENGTH;
      requireElement(count, 5, start, REPORT_SHAPE);
      long length = in.readUnsigned();
      field = null;
      requireEnd(count, 6, start, REPORT_SHAPE);
      subject = new BundleId(source, created, true, offset, length);
    } else {
      subject = new BundleId(source, created, false, 0, 0);
    }
    return new BundleStatusReport(items, reason, subject);
  }

  /** At least four bundle status items: received, forwarded, delivered, deleted, then others. */
  private List<BundleStatusItem> readStatusInformation() {
    int start = in.offset();
    int count = in.readArrayHeader();
    String shape =
        "bundle status information is an array of at least "
            + BundleStatusReport.STATUS_ITEMS
            + " status items (received, forwarded, delivered, deleted)";
    if (count != CborReader.INDEFINITE && count < BundleStatusReport.STATUS_ITEMS) {
      throw new CborException(shape + ", found " + count, start);
    }
    List<BundleStatusItem> items =
        new ArrayList<>(count == CborReader.INDEFINITE ? 4 : Math.min(count, 16));
    for (int i = 0; count == CborReader.INDEFINITE ? !in.readBreakIfPresent() : i < count; i++) {
      if (i >= limits.maxArrayLength()) {
        throw new CborException(
            "bundle status information is longer than the limit of "
                + limits.maxArrayLength()
                + " items",
            start);
      }
      items.add(readStatusItem(i));
    }
    if (items.size() < BundleStatusReport.STATUS_ITEMS) {
      field = F_STATUS_INFORMATION;
      throw new CborException(shape + ", found " + items.size(), start);
    }
    return items;
  }

  /** {@code [asserted, ? time]}: the time only when asserted. */
  private BundleStatusItem readStatusItem(int index) {
    String name =
        "status item "
            + index
            + " ("
            + (index < BundleStatus.values().length ? BundleStatus.values()[index] : "unassigned")
            + ")";
    field = name;
    int start = in.offset();
    int count = in.readArrayHeader();
    if (count != CborReader.INDEFINITE && count != 1 && count != 2) {
      throw new CborException(ITEM_SHAPE + ", found " + count, start);
    }
    requireElement(count, 0, start, ITEM_SHAPE);
    boolean asserted = in.readBoolean();
    boolean timed = count == CborReader.INDEFINITE ? !in.readBreakIfPresent() : count == 2;
    if (!timed) {
      return asserted ? BundleStatusItem.ASSERTED : BundleStatusItem.NOT_ASSERTED;
    }
    field = name + ", status time";
    if (!asserted) {
      throw new CborException(
          "a status time is present although the status is not asserted (RFC 9171 §6.1.1)",
          in.offset());
    }
    long time = in.readUnsigned();
    field = name;
    requireEnd(count, 2, start, ITEM_SHAPE);
    return BundleStatusItem.assertedAt(time);
  }

  /**
   * Before element {@code index} of an array of {@code count} elements (or indefinite) that started
   * at {@code start}: an indefinite-length array must not end here.
   */
  private void requireElement(int count, int index, int start, String shape) {
    if (count == CborReader.INDEFINITE && in.peekBreak()) {
      throw new CborException(shape + ", found " + index, start);
    }
  }

  /** After the last element: an indefinite-length array must end here. */
  private void requireEnd(int count, int expected, int start, String shape) {
    if (count == CborReader.INDEFINITE && !in.readBreakIfPresent()) {
      throw new CborException(shape + ", found more than " + expected, start);
    }
  }
}
