package org.starlane.bp.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.starlane.bp.eid.DtnEndpoint;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * A test-only BPv7 encoder written from RFC 9171 §4 and its Appendix B CDDL with plain byte
 * arithmetic. It shares no code with the production codec (not the CBOR writer, not {@link Crc}):
 * CBOR heads are built bit by bit from RFC 8949 §3, CRC-32C comes from {@link java.util.zip.CRC32C}
 * and CRC-16/X-25 from a bitwise loop. Tests compare the codec's bytes with these.
 *
 * <p>The {@link Primary} and {@link Canonical} builders start out valid and let a test change any
 * field into any CBOR item (a longer integer form, a wrong type, a bad CRC), and they remember the
 * offset of every field's item so tests can check the offsets that errors report.
 */
final class ReferenceEncoder {
  private ReferenceEncoder() {}

  /** A DTN time in 2023, for creation timestamps. */
  static final long TIME = 743_000_000_000L;

  // ---------------------------------------------------------------- CBOR items (RFC 8949 §3)

  /** The head of an item of {@code major} type with {@code argument} in the shortest form. */
  static byte[] head(int major, long argument) {
    if (argument >= 0 && argument < 24) {
      return head(major, argument, 0);
    } else if (argument >= 0 && argument < 0x100) {
      return head(major, argument, 1);
    } else if (argument >= 0 && argument < 0x1_0000) {
      return head(major, argument, 2);
    } else if (argument >= 0 && argument < 0x1_0000_0000L) {
      return head(major, argument, 4);
    }
    return head(major, argument, 8);
  }

  /**
   * The head with the argument in {@code argumentBytes} bytes (0: in the initial byte), even if a
   * shorter form exists: a valid but non-canonical encoding.
   */
  static byte[] head(int major, long argument, int argumentBytes) {
    byte[] h = new byte[1 + argumentBytes];
    int info;
    switch (argumentBytes) {
      case 0:
        if (argument < 0 || argument > 23) {
          throw new IllegalArgumentException(argument + " does not fit the initial byte");
        }
        info = (int) argument;
        break;
      case 1:
        info = 24;
        break;
      case 2:
        info = 25;
        break;
      case 4:
        info = 26;
        break;
      case 8:
        info = 27;
        break;
      default:
        throw new IllegalArgumentException("argument size " + argumentBytes);
    }
    h[0] = (byte) (major << 5 | info);
    for (int i = 0; i < argumentBytes; i++) {
      h[argumentBytes - i] = (byte) (argument >>> (8 * i));
    }
    return h;
  }

  static byte[] uint(long value) {
    return head(0, value);
  }

  /** An unsigned integer in a longer form than needed (argument in {@code argumentBytes} bytes). */
  static byte[] uint(long value, int argumentBytes) {
    return head(0, value, argumentBytes);
  }

  static byte[] bstr(byte[] content) {
    return cat(head(2, content.length), content);
  }

  static byte[] bstr(String ascii) {
    return bstr(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] tstr(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    return cat(head(3, utf8.length), utf8);
  }

  /** A definite-length array of these items. */
  static byte[] array(byte[]... items) {
    byte[][] all = new byte[items.length + 1][];
    all[0] = head(4, items.length);
    System.arraycopy(items, 0, all, 1, items.length);
    return cat(all);
  }

  /** An indefinite-length array of these items: 0x9F, the items, 0xFF. */
  static byte[] indefiniteArray(byte[]... items) {
    byte[][] all = new byte[items.length + 2][];
    all[0] = new byte[] {(byte) 0x9f};
    System.arraycopy(items, 0, all, 1, items.length);
    all[items.length + 1] = new byte[] {(byte) 0xff};
    return cat(all);
  }

  static byte[] cat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Bytes from unsigned values: {@code bytes(0x82, 0x01, 0x00)}. */
  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  // ---------------------------------------------------------------- EIDs (RFC 9171 §4.2.5.1)

  /** {@code dtn:none}: [1, 0]. */
  static byte[] dtnNone() {
    return array(uint(1), uint(0));
  }

  /** A dtn EID from its SSP: {@code dtn("//node/svc")} is [1, "//node/svc"]. */
  static byte[] dtn(String ssp) {
    return array(uint(1), tstr(ssp));
  }

  /** {@code ipn:node.service}, two-element form: [2, [node, service]]. */
  static byte[] ipn(long node, long service) {
    return array(uint(2), array(uint(node), uint(service)));
  }

  /** {@code ipn:allocator.node.service}, three-element form of RFC 9758: [2, [A, N, S]]. */
  static byte[] ipn3(long allocator, long node, long service) {
    return array(uint(2), array(uint(allocator), uint(node), uint(service)));
  }

  /** The CBOR form of a domain EID, written from its fields. */
  static byte[] eid(EndpointId eid) {
    if (eid instanceof IpnEndpoint ipn) {
      return ipn.elements() == 3
          ? ipn3(ipn.allocator(), ipn.node(), ipn.service())
          : ipn(ipn.allocator() << 32 | ipn.node(), ipn.service());
    }
    if (eid instanceof DtnEndpoint dtn) {
      return dtn("//" + dtn.nodeName() + "/" + dtn.demux());
    }
    return dtnNone();
  }

  // ---------------------------------------------------------------- CRCs (RFC 9171 §4.2.1-2)

  /** CRC-16/X-25, bit by bit: reflected polynomial 0x8408, init 0xFFFF, final XOR 0xFFFF. */
  static int x25(byte[] bytes, int offset, int length) {
    int crc = 0xffff;
    for (int i = offset; i < offset + length; i++) {
      crc ^= bytes[i] & 0xff;
      for (int bit = 0; bit < 8; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
      }
    }
    return crc ^ 0xffff;
  }

  static long crc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return crc.getValue();
  }

  /**
   * Fills the CRC value at {@code valueIndex} of {@code block} (2 bytes for type 1, 4 for type 2),
   * computed over the whole block with the value bytes taken as zero.
   */
  static void sealCrc(byte[] block, int crcType, int valueIndex) {
    int length = crcType == 1 ? 2 : 4;
    for (int i = 0; i < length; i++) {
      block[valueIndex + i] = 0;
    }
    long crc = crcType == 1 ? x25(block, 0, block.length) : crc32c(block, 0, block.length);
    for (int i = 0; i < length; i++) {
      block[valueIndex + i] = (byte) (crc >>> (8 * (length - 1 - i)));
    }
  }

  // ---------------------------------------------------------------- blocks

  /**
   * What every block builder shares: an array of field items, then a CRC decided by {@code crc},
   * with the offsets of the items recorded.
   */
  abstract static class Block<T extends Block<T>> {
    /** CRC to append: 0 none, 1 CRC-16/X-25, 2 CRC-32C. */
    int crc;

    /** The CRC type item on the wire; null: {@code uint(crc)}. */
    byte[] crcTypeItem;

    /** Replaces the computed CRC item (for wrong lengths); null: computed. */
    byte[] crcItem;

    boolean indefinite;
    Integer elementCount;
    int flipCrcBit = -1;
    final Map<String, Integer> offsets = new HashMap<>();
    int crcValueIndex = -1;

    @SuppressWarnings("unchecked")
    private T self() {
      return (T) this;
    }

    /** The CRC type (0, 1, 2): written as the CRC type field and used to compute the CRC. */
    T crc(int type) {
      crc = type;
      return self();
    }

    /** A CRC type field that differs from the CRC actually appended (e.g. an unknown type). */
    T crcTypeItem(byte[] item) {
      crcTypeItem = item;
      return self();
    }

    /** The CRC item as given instead of the computed one. */
    T crcItem(byte[] item) {
      crcItem = item;
      return self();
    }

    /** Flips bit {@code bit} (0 = most significant of the first byte) of the computed CRC value. */
    T corruptCrc(int bit) {
      flipCrcBit = bit;
      return self();
    }

    T indefinite() {
      indefinite = true;
      return self();
    }

    /** A definite-length array header that claims {@code count} elements whatever follows. */
    T elementCount(int count) {
      elementCount = count;
      return self();
    }

    /** The field items in wire order, named as the codec names them. */
    abstract List<Map.Entry<String, byte[]>> fields();

    byte[] encode() {
      List<Map.Entry<String, byte[]>> fields = fields();
      byte[] crcTypeBytes = crcTypeItem != null ? crcTypeItem : uint(crc);
      byte[] crcBytes =
          crcItem != null
              ? crcItem
              : crc == 1 ? bytes(0x42, 0, 0) : crc == 2 ? bytes(0x44, 0, 0, 0, 0) : null;
      int count = fields.size() + (crcBytes != null ? 1 : 0);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(
          indefinite ? bytes(0x9f) : head(4, elementCount != null ? elementCount : count));
      offsets.clear();
      for (Map.Entry<String, byte[]> f : fields) {
        offsets.put(f.getKey(), out.size());
        out.writeBytes(f.getKey().equals(BundleCodec.F_CRC_TYPE) ? crcTypeBytes : f.getValue());
      }
      offsets.put(BundleCodec.F_CRC, out.size());
      crcValueIndex = crcBytes != null && crcItem == null ? out.size() + 1 : -1;
      if (crcBytes != null) {
        out.writeBytes(crcBytes);
      }
      if (indefinite) {
        out.writeBytes(bytes(0xff));
      }
      byte[] block = out.toByteArray();
      if (crcValueIndex >= 0) {
        sealCrc(block, crc, crcValueIndex);
        if (flipCrcBit >= 0) {
          block[crcValueIndex + flipCrcBit / 8] ^= (byte) (0x80 >>> (flipCrcBit % 8));
        }
      }
      return block;
    }

    /** Offset of a field's item from the block's first byte (valid after {@link #encode()}). */
    int offsetOf(String field) {
      Integer at = offsets.get(field);
      if (at == null) {
        throw new IllegalArgumentException("no field " + field + " in " + offsets.keySet());
      }
      return at;
    }
  }

  /** A primary block (RFC 9171 §4.3.1), valid as built: ipn:1.1 to ipn:2.1, CRC-32C. */
  static final class Primary extends Block<Primary> {
    byte[] version = uint(7);
    byte[] flags = uint(0);
    byte[] destination = ipn(2, 1);
    byte[] source = ipn(1, 1);
    byte[] reportTo = ipn(1, 0);
    byte[] creation = array(uint(TIME), uint(0));
    byte[] lifetime = uint(86_400_000);
    byte[] fragmentOffset;
    byte[] totalAduLength;

    Primary() {
      crc = 2;
    }

    Primary version(byte[] item) {
      version = item;
      return this;
    }

    Primary flags(long bits) {
      flags = uint(bits);
      return this;
    }

    Primary flags(byte[] item) {
      flags = item;
      return this;
    }

    Primary destination(byte[] eid) {
      destination = eid;
      return this;
    }

    Primary source(byte[] eid) {
      source = eid;
      return this;
    }

    Primary reportTo(byte[] eid) {
      reportTo = eid;
      return this;
    }

    Primary creation(long time, long sequence) {
      creation = array(uint(time), uint(sequence));
      return this;
    }

    Primary creation(byte[] item) {
      creation = item;
      return this;
    }

    Primary lifetime(byte[] item) {
      lifetime = item;
      return this;
    }

    /** Fragment fields (the flag is separate: set it with {@link #flags}). */
    Primary fragment(long offset, long total) {
      fragmentOffset = uint(offset);
      totalAduLength = uint(total);
      return this;
    }

    Primary fragment(byte[] offset, byte[] total) {
      fragmentOffset = offset;
      totalAduLength = total;
      return this;
    }

    @Override
    List<Map.Entry<String, byte[]>> fields() {
      List<Map.Entry<String, byte[]>> f = new ArrayList<>();
      f.add(Map.entry(BundleCodec.F_VERSION, version));
      f.add(Map.entry(BundleCodec.F_BUNDLE_FLAGS, flags));
      f.add(Map.entry(BundleCodec.F_CRC_TYPE, new byte[0]));
      f.add(Map.entry(BundleCodec.F_DESTINATION, destination));
      f.add(Map.entry(BundleCodec.F_SOURCE, source));
      f.add(Map.entry(BundleCodec.F_REPORT_TO, reportTo));
      f.add(Map.entry(BundleCodec.F_CREATION, creation));
      f.add(Map.entry(BundleCodec.F_LIFETIME, lifetime));
      if (fragmentOffset != null) {
        f.add(Map.entry(BundleCodec.F_FRAGMENT_OFFSET, fragmentOffset));
        f.add(Map.entry(BundleCodec.F_TOTAL_ADU, totalAduLength));
      }
      return f;
    }

    @Override
    byte[] encode() {
      byte[] block = super.encode();
      // Where the fragment offset is, or would be: right after the lifetime.
      offsets.putIfAbsent(
          BundleCodec.F_FRAGMENT_OFFSET, offsetOf(BundleCodec.F_LIFETIME) + lifetime.length);
      return block;
    }
  }

  /** A canonical block (RFC 9171 §4.3.2), valid as built: CRC-32C, no flags. */
  static final class Canonical extends Block<Canonical> {
    byte[] type;
    byte[] number;
    byte[] flags = uint(0);
    byte[] data;

    Canonical(long type, long number, byte[] content) {
      this.type = uint(type);
      this.number = uint(number);
      this.data = bstr(content);
      crc = 2;
    }

    Canonical type(byte[] item) {
      type = item;
      return this;
    }

    Canonical number(byte[] item) {
      number = item;
      return this;
    }

    Canonical flags(long bits) {
      flags = uint(bits);
      return this;
    }

    Canonical flags(byte[] item) {
      flags = item;
      return this;
    }

    /** The data item as given (for example a byte string with a longer header). */
    Canonical dataItem(byte[] item) {
      data = item;
      return this;
    }

    @Override
    List<Map.Entry<String, byte[]>> fields() {
      return List.of(
          Map.entry(BundleCodec.F_TYPE, type),
          Map.entry(BundleCodec.F_NUMBER, number),
          Map.entry(BundleCodec.F_BLOCK_FLAGS, flags),
          Map.entry(BundleCodec.F_CRC_TYPE, new byte[0]),
          Map.entry(BundleCodec.F_DATA, data));
    }

    /** Offset of the first content byte of the block-type-specific data. */
    int dataContentOffset() {
      int headerLength = (data[0] & 0x1f) < 24 ? 1 : 1 + (1 << ((data[0] & 0x1f) - 24));
      return offsetOf(BundleCodec.F_DATA) + headerLength;
    }
  }

  static Primary primary() {
    return new Primary();
  }

  static Canonical payload(byte[] content) {
    return new Canonical(1, 1, content);
  }

  static Canonical payload(String ascii) {
    return payload(ascii.getBytes(StandardCharsets.US_ASCII));
  }

  static Canonical block(long type, long number, byte[] content) {
    return new Canonical(type, number, content);
  }

  static Canonical previousNode(long number, byte[] eid) {
    return new Canonical(6, number, eid);
  }

  static Canonical bundleAge(long number, long ageMillis) {
    return new Canonical(7, number, uint(ageMillis));
  }

  static Canonical hopCount(long number, long limit, long count) {
    return new Canonical(10, number, array(uint(limit), uint(count)));
  }

  /** A BIB (RFC 9172 §3.6) with these targets and a placeholder context and result. */
  static Canonical bib(long number, long... targets) {
    return new Canonical(11, number, asb(targets));
  }

  /** Abstract security block data (RFC 9172 §3.6) with these targets and a placeholder result. */
  static byte[] asb(long... targets) {
    byte[][] t = new byte[targets.length][];
    for (int i = 0; i < targets.length; i++) {
      t[i] = uint(targets[i]);
    }
    return cat(
        array(t),
        uint(1), // security context id: BIB-HMAC-SHA2
        uint(0), // flags: no parameters
        ipn(1, 0), // security source
        array(array(array(uint(1), bstr(new byte[32]))))); // results
  }

  // ---------------------------------------------------------------- bundles (RFC 9171 §4.1)

  /** An encoded bundle and where each block starts (index 0: the primary block). */
  record WireBundle(byte[] bytes, int[] starts, int[] ends) {
    int start(int block) {
      return starts[block];
    }
  }

  /** [_ blocks..., break]: the canonical bundle form. */
  static WireBundle bundle(byte[]... blocks) {
    return layout(bytes(0x9f), blocks, bytes(0xff));
  }

  /** A definite-length outer array (RFC 9171 §4.1 lets a node accept it). */
  static WireBundle definiteBundle(byte[]... blocks) {
    return layout(head(4, blocks.length), blocks, new byte[0]);
  }

  private static WireBundle layout(byte[] open, byte[][] blocks, byte[] close) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(open);
    int[] starts = new int[blocks.length];
    int[] ends = new int[blocks.length];
    for (int i = 0; i < blocks.length; i++) {
      starts[i] = out.size();
      out.writeBytes(blocks[i]);
      ends[i] = out.size();
    }
    out.writeBytes(close);
    return new WireBundle(out.toByteArray(), starts, ends);
  }

  /** Encodes a domain bundle from its fields, canonically, without the production encoder. */
  static WireBundle encode(Bundle bundle) {
    return encode(bundle.primary(), bundle.blocks());
  }

  /** Encodes a primary block and canonical blocks, valid together or not, as a bundle. */
  static WireBundle encode(PrimaryBlock p, List<CanonicalBlock> blocks) {
    Primary primary =
        primary()
            .flags(p.flags().bits())
            .crc(p.crcType().code())
            .destination(eid(p.destination()))
            .source(eid(p.source()))
            .reportTo(eid(p.reportTo()))
            .creation(
                p.creationTimestamp().creationTimeMillis(), p.creationTimestamp().sequenceNumber())
            .lifetime(uint(p.lifetimeMillis()));
    if (p.isFragment()) {
      primary.fragment(p.fragmentOffset(), p.totalAduLength());
    }
    byte[][] encoded = new byte[blocks.size() + 1][];
    encoded[0] = primary.encode();
    for (int i = 0; i < blocks.size(); i++) {
      CanonicalBlock b = blocks.get(i);
      encoded[i + 1] =
          block(b.type(), b.number(), b.dataBytes())
              .flags(b.flags().bits())
              .crc(b.crcType().code())
              .encode();
    }
    return bundle(encoded);
  }
}
