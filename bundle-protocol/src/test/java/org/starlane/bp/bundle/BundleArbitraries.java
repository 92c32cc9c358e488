package org.starlane.bp.bundle;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * jqwik generators of valid bundles (RFC 9171 §4) covering every EID form, every CRC type,
 * fragments, the extension blocks of §4.4, BIBs, unknown block types and payloads of 0..2000 bytes.
 * Generated parts are fixed up afterwards so that every bundle obeys the cross-field rules, which
 * keeps shrinking useful.
 */
final class BundleArbitraries {
  private BundleArbitraries() {}

  // ------------------------------------------------------------------ EIDs

  static Arbitrary<EndpointId> eids() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(1, Arbitraries.just(EndpointId.NONE)),
        net.jqwik.api.Tuple.of(3, dtnEids()),
        net.jqwik.api.Tuple.of(4, ipnEids()));
  }

  static Arbitrary<EndpointId> dtnEids() {
    Arbitrary<String> node =
        Arbitraries.strings()
            .withChars("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
            .ofMinLength(1)
            .ofMaxLength(20);
    Arbitrary<String> demux = Arbitraries.strings().withCharRange('!', '~').ofMaxLength(20);
    return Combinators.combine(node, demux).as(DtnEndpoint::new);
  }

  static Arbitrary<EndpointId> ipnEids() {
    Arbitrary<Long> allocator =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, IpnEndpoint.MAX_NUMBER)));
    Arbitrary<Long> node =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.of(0L, IpnEndpoint.LOCAL_NODE)),
            net.jqwik.api.Tuple.of(5, Arbitraries.longs().between(1, IpnEndpoint.MAX_NUMBER)));
    return Combinators.combine(allocator, node, Arbitraries.longs(), Arbitraries.of(2, 3))
        .as(IpnEndpoint::new);
  }

  // ------------------------------------------------------------------ parts

  /** Flags and CRC type of a canonical block. */
  record Header(long flags, CrcType crc) {}

  static Arbitrary<Header> headers() {
    Arbitrary<Long> flags =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 0x7f)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs()));
    return Combinators.combine(flags, Arbitraries.of(CrcType.class)).as(Header::new);
  }

  record PrimarySpec(
      EndpointId destination,
      EndpointId source,
      EndpointId reportTo,
      long flags,
      CrcType crc,
      CreationTimestamp created,
      long lifetime,
      Optional<long[]> fragment) {}

  static Arbitrary<PrimarySpec> primarySpecs() {
    Arbitrary<CreationTimestamp> created =
        Combinators.combine(
                Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(0L)),
                    net.jqwik.api.Tuple.of(4, Arbitraries.longs())),
                Arbitraries.longs())
            .as(CreationTimestamp::new);
    // Fragment offset below 2^62 (the decoder rejects offset + length overflowing 2^63), and the
    // extra bytes after this fragment up to an unsigned total.
    Arbitrary<long[]> fragment =
        Combinators.combine(
                Arbitraries.longs().between(0, 1L << 62), Arbitraries.longs().between(0, 1L << 62))
            .as((offset, extra) -> new long[] {offset, extra});
    return Combinators.combine(
            eids(),
            eids(),
            eids(),
            Arbitraries.longs(),
            Arbitraries.of(CrcType.class),
            created,
            Arbitraries.longs(),
            fragment.optional(0.3))
        .as(PrimarySpec::new);
  }

  /** An extension block's value with its header. */
  record Ext<T>(T value, Header header) {}

  record Extensions(
      Optional<Ext<EndpointId>> previousNode,
      Optional<Ext<Long>> bundleAge,
      Optional<Ext<HopCount>> hopCount,
      Optional<Ext<Boolean>> bib, // true: the BIB targets the primary block
      List<Ext<long[]>> unknown) {} // {type} with data in the header-less byte array below

  static Arbitrary<Extensions> extensions() {
    Arbitrary<HopCount> hop =
        Combinators.combine(
                Arbitraries.integers().between(1, 255),
                Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(HopCount::new);
    Arbitrary<long[]> unknown =
        Combinators.combine(
                Arbitraries.longs().filter(t -> !BlockType.isKnown(t)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
            .as(
                (type, data) -> {
                  long[] spec = new long[1 + data.length];
                  spec[0] = type;
                  for (int i = 0; i < data.length; i++) {
                    spec[i + 1] = data[i];
                  }
                  return spec;
                });
    return Combinators.combine(
            Combinators.combine(eids(), headers()).as(Ext::new).optional(0.4),
            Combinators.combine(Arbitraries.longs(), headers()).as(Ext::new).optional(0.4),
            Combinators.combine(hop, headers()).as(Ext::new).optional(0.4),
            Combinators.combine(Arbitraries.of(true, false), headers()).as(Ext::new).optional(0.2),
            Combinators.combine(unknown, headers()).as(Ext::new).list().ofMaxSize(3))
        .as(Extensions::new);
  }

  // ------------------------------------------------------------------ bundles

  static Arbitrary<Bundle> bundles() {
    return bundles(2000);
  }

  static Arbitrary<Bundle> bundles(int maxPayloadBytes) {
    // An explicit share of large payloads: jqwik favours small sizes, so left alone the share of
    // payloads over 1000 bytes sits near the coverage threshold and the coverage check flickers.
    Arbitrary<byte[]> anySize = Arbitraries.bytes().array(byte[].class).ofMaxSize(maxPayloadBytes);
    Arbitrary<byte[]> payload =
        maxPayloadBytes > 1000
            ? Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, anySize),
                net.jqwik.api.Tuple.of(
                    1,
                    Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(1001)
                        .ofMaxSize(maxPayloadBytes)))
            : anySize;
    Arbitrary<List<Long>> numbers =
        Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(2, 20)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()))
            .filter(n -> n != 0 && n != 1)
            .list()
            .uniqueElements()
            .ofSize(8);
    return Combinators.combine(
            primarySpecs(), payload, headers(), extensions(), numbers, Arbitraries.longs())
        .as(BundleArbitraries::assemble);
  }

  /**
   * Bundles that are not fragments and may be fragmented (not anonymous, "must not be fragmented"
   * cleared), with payloads of up to {@code maxPayloadBytes}.
   */
  static Arbitrary<Bundle> fragmentableBundles(int maxPayloadBytes) {
    return bundles(maxPayloadBytes)
        .filter(b -> !b.primary().source().isNull())
        .map(
            b -> {
              PrimaryBlock p = b.primary();
              return b.withPrimary(
                  new PrimaryBlock(
                      p.flags()
                          .without(BundleProcessingFlags.IS_FRAGMENT)
                          .without(BundleProcessingFlags.MUST_NOT_FRAGMENT),
                      p.crcType(),
                      p.destination(),
                      p.source(),
                      p.reportTo(),
                      p.creationTimestamp(),
                      p.lifetimeMillis(),
                      0,
                      0));
            });
  }

  /** Builds a valid bundle from the parts, fixing up whatever the rules of RFC 9171 §4 forbid. */
  static Bundle assemble(
      PrimarySpec p,
      byte[] payload,
      Header payloadHeader,
      Extensions ext,
      List<Long> numbers,
      long shuffleSeed) {
    long flags = p.flags() & ~BundleProcessingFlags.IS_FRAGMENT;
    if (p.source().isNull()) {
      flags |= BundleProcessingFlags.MUST_NOT_FRAGMENT;
      flags &= ~BundleProcessingFlags.ALL_REPORT_REQUESTS;
    }
    if ((flags & BundleProcessingFlags.ADMINISTRATIVE_RECORD) != 0) {
      flags &= ~BundleProcessingFlags.ALL_REPORT_REQUESTS;
    }
    boolean noReports =
        p.source().isNull() || (flags & BundleProcessingFlags.ADMINISTRATIVE_RECORD) != 0;
    PrimaryBlock primary =
        new PrimaryBlock(
            new BundleProcessingFlags(flags),
            p.crc(),
            p.destination(),
            p.source(),
            p.reportTo(),
            p.created(),
            p.lifetime(),
            0,
            0);
    if (p.fragment().isPresent()) {
      long offset = p.fragment().get()[0];
      long total = offset + payload.length + p.fragment().get()[1];
      primary = primary.asFragment(offset, total);
    }

    List<CanonicalBlock> blocks = new ArrayList<>();
    int next = 0;
    Header defaultHeader = new Header(0, CrcType.CRC32C);
    if (ext.previousNode().isPresent()) {
      Ext<EndpointId> e = ext.previousNode().get();
      blocks.add(
          block(
              BlockType.PREVIOUS_NODE,
              numbers.get(next++),
              e.header(),
              noReports,
              ExtensionBlocks.previousNodeData(e.value())));
    }
    Optional<Ext<Long>> age = ext.bundleAge();
    if (age.isEmpty() && primary.creationTimestamp().isTimeUnknown()) {
      age = Optional.of(new Ext<>(0L, defaultHeader));
    }
    if (age.isPresent()) {
      blocks.add(
          block(
              BlockType.BUNDLE_AGE,
              numbers.get(next++),
              age.get().header(),
              noReports,
              ExtensionBlocks.bundleAgeData(age.get().value())));
    }
    if (ext.hopCount().isPresent()) {
      Ext<HopCount> e = ext.hopCount().get();
      blocks.add(
          block(
              BlockType.HOP_COUNT,
              numbers.get(next++),
              e.header(),
              noReports,
              ExtensionBlocks.hopCountData(e.value())));
    }
    Optional<Ext<Boolean>> bib = ext.bib();
    if (primary.crcType() == CrcType.NONE && (bib.isEmpty() || !bib.get().value())) {
      bib = Optional.of(new Ext<>(true, bib.map(Ext::header).orElse(defaultHeader)));
    }
    if (bib.isPresent()) {
      long number = numbers.get(next++);
      long[] targets = bib.get().value() ? new long[] {1, 0} : new long[] {1};
      blocks.add(
          block(
              BlockType.BLOCK_INTEGRITY,
              number,
              bib.get().header(),
              noReports,
              ByteBuffer.wrap(ReferenceEncoder.asb(targets))));
    }
    for (Ext<long[]> u : ext.unknown()) {
      long[] spec = u.value();
      byte[] data = new byte[spec.length - 1];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) spec[i + 1];
      }
      blocks.add(block(spec[0], numbers.get(next++), u.header(), noReports, ByteBuffer.wrap(data)));
    }
    Collections.shuffle(blocks, new Random(shuffleSeed));
    blocks.add(block(BlockType.PAYLOAD, 1, payloadHeader, noReports, ByteBuffer.wrap(payload)));
    return Bundle.of(primary, blocks);
  }

  private static CanonicalBlock block(
      long type, long number, Header header, boolean noReports, ByteBuffer data) {
    long flags = header.flags();
    if (noReports) {
      flags &= ~BlockProcessingFlags.REPORT_IF_UNPROCESSABLE;
    }
    return new CanonicalBlock(type, number, new BlockProcessingFlags(flags), header.crc(), data);
  }
}
