package org.starlane.bp.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/** Properties of the administrative record codec (RFC 9171 §6.1). */
class AdministrativeRecordProperties {

  @Property(tries = 500)
  void statusReportsSurviveEncodeAndDecode(@ForAll("reports") BundleStatusReport report) {
    byte[] bytes = report.encode();

    AdministrativeRecord decoded = AdministrativeRecord.decode(bytes);

    assertThat(decoded).isEqualTo(report);
    assertThat(decoded.encode()).as("canonical input re-encodes byte-identically").isEqualTo(bytes);
  }

  @Property(tries = 500)
  void unknownRecordsSurviveDecodeAndEncodeByteForByte(
      @ForAll("unknownRecords") UnknownAdministrativeRecord record) {
    byte[] bytes = record.encode();

    AdministrativeRecord decoded = AdministrativeRecord.decode(bytes);

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded.encode()).isEqualTo(bytes);
  }

  @Property
  void arbitraryBytesYieldOnlyTheTypedException(@ForAll @Size(max = 64) byte[] bytes) {
    decodeOrReject(bytes);
  }

  @Property
  void arbitraryBytesAfterAStatusReportHeaderYieldOnlyTheTypedException(
      @ForAll @Size(max = 48) byte[] tail) {
    byte[] bytes = new byte[tail.length + 2];
    bytes[0] = (byte) 0x82;
    bytes[1] = 0x01;
    System.arraycopy(tail, 0, bytes, 2, tail.length);

    decodeOrReject(bytes);
  }

  @Property(tries = 500)
  void mutatedRecordsYieldOnlyTheTypedException(
      @ForAll("records") AdministrativeRecord record,
      @ForAll("mutationPositions") int position,
      @ForAll byte value,
      @ForAll("mutations") int mutation) {
    byte[] bytes = record.encode();
    int at = position % bytes.length;
    byte[] mutated =
        switch (mutation) {
          case 0 -> {
            byte[] copy = bytes.clone();
            copy[at] = value;
            yield copy;
          }
          case 1 -> Arrays.copyOf(bytes, at);
          default -> {
            byte[] copy = new byte[bytes.length + 1];
            System.arraycopy(bytes, 0, copy, 0, at);
            copy[at] = value;
            System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
            yield copy;
          }
        };

    decodeOrReject(mutated);
  }

  /**
   * Decodes {@code bytes}: either a record that re-encodes to an equal record, or an {@link
   * AdministrativeRecordException} pointing inside the payload. Any other exception fails.
   */
  private static void decodeOrReject(byte[] bytes) {
    AdministrativeRecord record;
    try {
      record = AdministrativeRecord.decode(ByteBuffer.wrap(bytes));
    } catch (AdministrativeRecordException e) {
      assertThat(e.offset()).isBetween(0L, (long) bytes.length);
      assertThat(e.problem()).isNotBlank();
      return;
    }
    assertThat(AdministrativeRecord.decode(record.encode())).isEqualTo(record);
  }

  // --- generators ---

  @Provide
  Arbitrary<Integer> mutationPositions() {
    return Arbitraries.integers().between(0, 1 << 16);
  }

  @Provide
  Arbitrary<Integer> mutations() {
    return Arbitraries.integers().between(0, 2);
  }

  @Provide
  Arbitrary<AdministrativeRecord> records() {
    return Arbitraries.oneOf(reports(), unknownRecords());
  }

  @Provide
  Arbitrary<BundleStatusReport> reports() {
    return Combinators.combine(
            statusItems().list().ofMinSize(4).ofMaxSize(7), reasons(), bundleIds())
        .as(BundleStatusReport::new);
  }

  @Provide
  Arbitrary<UnknownAdministrativeRecord> unknownRecords() {
    return Combinators.combine(
            Arbitraries.oneOf(
                    Arbitraries.longs().between(0, 300),
                    Arbitraries.longs(),
                    Arbitraries.of(3L, 4L))
                .filter(code -> code != AdministrativeRecord.BUNDLE_STATUS_REPORT),
            cborItems())
        .as(UnknownAdministrativeRecord::new);
  }

  private static Arbitrary<BundleStatusItem> statusItems() {
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.just(BundleStatusItem.NOT_ASSERTED)),
        Tuple.of(1, Arbitraries.just(BundleStatusItem.ASSERTED)),
        Tuple.of(1, Arbitraries.longs().map(BundleStatusItem::assertedAt)));
  }

  private static Arbitrary<StatusReportReason> reasons() {
    return Arbitraries.oneOf(Arbitraries.longs().between(0, 20), Arbitraries.longs())
        .map(StatusReportReason::new);
  }

  private static Arbitrary<BundleId> bundleIds() {
    Arbitrary<CreationTimestamp> created =
        Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(CreationTimestamp::new);
    return Combinators.combine(
            endpointIds(),
            created,
            Arbitraries.of(true, false),
            Arbitraries.longs(),
            Arbitraries.longs())
        .as(
            (source, ts, fragment, offset, length) ->
                fragment
                    ? new BundleId(source, ts, true, offset, length)
                    : new BundleId(source, ts, false, 0, 0));
  }

  private static Arbitrary<EndpointId> endpointIds() {
    Arbitrary<EndpointId> ipn =
        Combinators.combine(
                Arbitraries.oneOf(
                    Arbitraries.just(0L), Arbitraries.longs().between(0, IpnEndpoint.MAX_NUMBER)),
                Arbitraries.longs().between(0, IpnEndpoint.MAX_NUMBER),
                Arbitraries.longs(),
                Arbitraries.of(2, 3))
            .as(IpnEndpoint::new);
    Arbitrary<EndpointId> dtn =
        Combinators.combine(
                Arbitraries.strings()
                    .withChars("abcxyz019-._~!$&'()*+,;=")
                    .ofMinLength(1)
                    .ofMaxLength(12),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(12))
            .as(DtnEndpoint::new);
    return Arbitraries.oneOf(ipn, dtn, Arbitraries.just(EndpointId.NONE));
  }

  /**
   * Well-formed CBOR items of every major type, with integers in any (not only the shortest) width
   * and definite- or indefinite-length containers: content a future record type might carry.
   */
  private static Arbitrary<byte[]> cborItems() {
    return Arbitraries.recursive(
        AdministrativeRecordProperties::cborLeaves,
        AdministrativeRecordProperties::cborContainers,
        0,
        3);
  }

  private static Arbitrary<byte[]> cborLeaves() {
    Arbitrary<byte[]> integers =
        Combinators.combine(
                Arbitraries.of(0, 1), Arbitraries.longs(), Arbitraries.of(0, 1, 2, 4, 8))
            .as((major, value, width) -> header(major, value, width));
    Arbitrary<byte[]> byteStrings =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(8)
            .map(b -> concat(header(2, b.length, 0), b));
    Arbitrary<byte[]> textStrings =
        Arbitraries.strings()
            .ascii()
            .ofMaxLength(8)
            .map(
                s ->
                    concat(
                        header(3, s.length(), 0),
                        s.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    Arbitrary<byte[]> simple =
        Arbitraries.of(
            new byte[] {(byte) 0xf4},
            new byte[] {(byte) 0xf5},
            new byte[] {(byte) 0xf6},
            new byte[] {(byte) 0xf7},
            new byte[] {(byte) 0xf8, 0x20},
            new byte[] {(byte) 0xf9, 0x3e, 0x00},
            new byte[] {(byte) 0xfa, 0x47, (byte) 0xc3, 0x50, 0x00},
            new byte[] {
              (byte) 0xfb,
              0x3f,
              (byte) 0xf1,
              (byte) 0x99,
              (byte) 0x99,
              (byte) 0x99,
              (byte) 0x99,
              (byte) 0x99,
              (byte) 0x9a
            });
    return Arbitraries.oneOf(integers, byteStrings, textStrings, simple);
  }

  private static Arbitrary<byte[]> cborContainers(Arbitrary<byte[]> child) {
    Arbitrary<byte[]> arrays =
        Combinators.combine(child.list().ofMaxSize(4), Arbitraries.of(true, false))
            .as(
                (items, indefinite) ->
                    indefinite
                        ? concat(new byte[] {(byte) 0x9f}, concat(items), new byte[] {(byte) 0xff})
                        : concat(header(4, items.size(), 0), concat(items)));
    Arbitrary<byte[]> maps =
        child
            .list()
            .ofMaxSize(2)
            .map(
                keys -> {
                  byte[][] pairs = new byte[keys.size() * 2][];
                  for (int i = 0; i < keys.size(); i++) {
                    pairs[2 * i] = keys.get(i);
                    pairs[2 * i + 1] = keys.get(keys.size() - 1 - i);
                  }
                  return concat(header(5, keys.size(), 0), concat(List.of(pairs)));
                });
    Arbitrary<byte[]> tags =
        Combinators.combine(Arbitraries.longs().between(0, 300), child)
            .as((tag, item) -> concat(header(6, tag, 0), item));
    return Arbitraries.oneOf(arrays, maps, tags);
  }

  /** A CBOR header of {@code major}; {@code width} 0 is the shortest form, else 1/2/4/8 bytes. */
  private static byte[] header(int major, long value, int width) {
    int type = major << 5;
    ByteArrayOutputStream out = new ByteArrayOutputStream(9);
    int bytes;
    if (width == 0) {
      bytes =
          value >= 0 && value < 24
              ? 0
              : value >= 0 && value <= 0xff
                  ? 1
                  : value >= 0 && value <= 0xffff ? 2 : value >= 0 && value <= 0xffffffffL ? 4 : 8;
    } else {
      bytes = width;
      long max = width == 8 ? -1L : (1L << (8 * width)) - 1;
      if (width < 8) {
        value &= max;
      }
    }
    if (bytes == 0) {
      out.write(type | (int) value);
    } else {
      out.write(type | (bytes == 1 ? 24 : bytes == 2 ? 25 : bytes == 4 ? 26 : 27));
      for (int i = bytes - 1; i >= 0; i--) {
        out.write((int) (value >>> (8 * i)));
      }
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    return concat(List.of(parts));
  }

  private static byte[] concat(List<byte[]> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
