package org.starlane.bp.cbor;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the CBOR reader and writer over generated items and arbitrary bytes. */
class CborProperties {

  /** A CBOR item of the BPv7 subset, as the test models it. */
  sealed interface Item permits Unsigned, Bytes, Text, Bool, Array {}

  record Unsigned(long value) implements Item {}

  /** A byte string, held as hex so that record equality compares content. */
  record Bytes(String hex) implements Item {}

  record Text(String text) implements Item {}

  record Bool(boolean value) implements Item {}

  record Array(List<Item> items, boolean indefinite) implements Item {}

  static void write(ByteBuf out, Item item) {
    if (item instanceof Unsigned u) {
      CborWriter.writeUnsigned(out, u.value());
    } else if (item instanceof Bytes b) {
      CborWriter.writeByteString(out, ByteBufUtil.decodeHexDump(b.hex()));
    } else if (item instanceof Text t) {
      CborWriter.writeTextString(out, t.text());
    } else if (item instanceof Bool b) {
      CborWriter.writeBoolean(out, b.value());
    } else if (item instanceof Array a) {
      if (a.indefinite()) {
        CborWriter.writeIndefiniteArrayStart(out);
      } else {
        CborWriter.writeArrayHeader(out, a.items().size());
      }
      for (Item element : a.items()) {
        write(out, element);
      }
      if (a.indefinite()) {
        CborWriter.writeBreak(out);
      }
    }
  }

  static Item read(CborReader in) {
    return switch (in.peekMajorType()) {
      case CborReader.MAJOR_UNSIGNED -> new Unsigned(in.readUnsigned());
      case CborReader.MAJOR_BYTES -> new Bytes(ByteBufUtil.hexDump(in.readByteString()));
      case CborReader.MAJOR_TEXT -> new Text(in.readTextString());
      case CborReader.MAJOR_ARRAY -> {
        int length = in.readArrayHeader();
        List<Item> items = new ArrayList<>();
        if (length == CborReader.INDEFINITE) {
          while (!in.readBreakIfPresent()) {
            items.add(read(in));
          }
        } else {
          for (int i = 0; i < length; i++) {
            items.add(read(in));
          }
        }
        yield new Array(items, length == CborReader.INDEFINITE);
      }
      default -> new Bool(in.readBoolean());
    };
  }

  static byte[] encode(List<Item> items) {
    ByteBuf out = Unpooled.buffer();
    try {
      items.forEach(item -> write(out, item));
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  @Provide
  Arbitrary<List<Item>> itemSequences() {
    return item().list().ofMaxSize(6);
  }

  private Arbitrary<Item> item() {
    return Arbitraries.lazyOf(
        this::unsigned, this::byteString, this::textString, this::bool, this::array);
  }

  private Arbitrary<Item> array() {
    return Combinators.combine(item().list().ofMaxSize(4), Arbitraries.of(false, true))
        .as(Array::new);
  }

  private Arbitrary<Item> unsigned() {
    Arbitrary<Long> boundaries =
        Arbitraries.of(
            0L, 23L, 24L, 255L, 256L, 65_535L, 65_536L, 0xffff_ffffL, 0x1_0000_0000L, -1L);
    return Arbitraries.oneOf(Arbitraries.longs(), boundaries).map(Unsigned::new);
  }

  private Arbitrary<Item> byteString() {
    return Arbitraries.bytes()
        .array(byte[].class)
        .ofMaxSize(300)
        .map(bytes -> new Bytes(ByteBufUtil.hexDump(bytes)));
  }

  private Arbitrary<Item> textString() {
    Arbitrary<String> anyScalarValues =
        Arbitraries.integers()
            .between(0, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .list()
            .ofMaxSize(30)
            .map(
                cps ->
                    new String(cps.stream().mapToInt(Integer::intValue).toArray(), 0, cps.size()));
    return Arbitraries.oneOf(anyScalarValues, Arbitraries.strings().ascii().ofMaxLength(40))
        .map(Text::new);
  }

  private Arbitrary<Item> bool() {
    return Arbitraries.of(false, true).map(Bool::new);
  }

  @Property(tries = 400)
  void writtenItemsReadBackEqual(@ForAll("itemSequences") List<Item> items) {
    byte[] encoded = encode(items);
    ByteBuf buf = Unpooled.wrappedBuffer(encoded);
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      List<Item> read = new ArrayList<>();
      while (in.isReadable()) {
        read.add(read(in));
      }
      assertThat(read).isEqualTo(items);
      assertThat(in.offset()).isEqualTo(encoded.length);
      assertThat(encode(read)).as("re-encoding is byte-identical").isEqualTo(encoded);
    } finally {
      buf.release();
    }
  }

  @Property(tries = 400)
  void skippingStepsOverExactlyOneWrittenItem(@ForAll("itemSequences") List<Item> items) {
    ByteBuf buf = Unpooled.wrappedBuffer(encode(items));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      for (Item item : items) {
        int start = in.offset();
        in.skipItem();
        assertThat(in.offset() - start).isEqualTo(encode(List.of(item)).length);
      }
      assertThat(in.isReadable()).isFalse();
    } finally {
      buf.release();
    }
  }

  @Property
  void writesEveryUnsignedIntegerInItsShortestForm(@ForAll long value) {
    byte[] encoded = encode(List.of(new Unsigned(value)));
    int shortest =
        Long.compareUnsigned(value, 24) < 0
            ? 1
            : Long.compareUnsigned(value, 0x100) < 0
                ? 2
                : Long.compareUnsigned(value, 0x1_0000) < 0
                    ? 3
                    : Long.compareUnsigned(value, 0x1_0000_0000L) < 0 ? 5 : 9;
    assertThat(encoded).hasSize(shortest);
    assertThat(CborWriter.headerSize(value)).isEqualTo(shortest);
  }

  @Property
  void readsEveryLongerThanNeededFormOfAnUnsignedInteger(@ForAll long value) {
    int[] widths = {1, 2, 4, 8};
    for (int i = 0; i < widths.length; i++) {
      int width = widths[i];
      if (width < 8 && Long.compareUnsigned(value, 1L << (8 * width)) >= 0) {
        continue;
      }
      ByteBuf buf = Unpooled.buffer();
      try {
        buf.writeByte(24 + i);
        for (int b = width - 1; b >= 0; b--) {
          buf.writeByte((int) (value >>> (8 * b)));
        }
        CborReader in = new CborReader(buf, CborLimits.DEFAULT);
        assertThat(in.readUnsigned()).isEqualTo(value);
        assertThat(in.isReadable()).isFalse();
      } finally {
        buf.release();
      }
    }
  }

  @Provide
  Arbitrary<CborLimits> limits() {
    return Arbitraries.oneOf(
        Arbitraries.just(CborLimits.DEFAULT),
        Combinators.combine(
                Arbitraries.longs().between(0, 64),
                Arbitraries.integers().between(0, 64),
                Arbitraries.integers().between(0, 8),
                Arbitraries.integers().between(1, 4))
            .as(CborLimits::new));
  }

  /**
   * Drives a reader over {@code bytes} with a mix of typed reads and skips, as a decoder would on
   * hostile input: the only failure allowed is {@link CborException}.
   */
  static void readAnyway(byte[] bytes, CborLimits limits, List<Integer> ops) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes);
    try {
      CborReader in = new CborReader(buf, limits);
      try {
        for (int step = 0; in.isReadable() && step <= bytes.length; step++) {
          int before = in.offset();
          switch (ops.isEmpty() ? 0 : ops.get(step % ops.size())) {
            case 0 -> in.skipItem();
            case 1 -> in.readUnsigned();
            case 2 -> in.readByteString();
            case 3 -> in.readTextString();
            case 4 -> in.readArrayHeader();
            case 5 -> in.readBoolean();
            case 6 -> in.readByteStringView();
            case 7 -> in.readUnsigned(1000, "value");
            case 8 -> in.readArrayHeader(2, "pair");
            case 9 -> in.readBreakIfPresent();
            default -> in.peekMajorType();
          }
          assertThat(in.offset()).isBetween(before, bytes.length);
          if (in.offset() == before) {
            in.skipItem();
          }
        }
      } catch (CborException e) {
        assertThat(e.offset()).isBetween(0L, (long) bytes.length);
        assertThat(e.getMessage()).endsWith(" at byte offset " + e.offset());
      }
    } finally {
      buf.release();
    }
  }

  @Property
  void arbitraryBytesOnlyEverThrowCborException(
      @ForAll @Size(max = 48) byte[] bytes,
      @ForAll("limits") CborLimits limits,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 10) Integer> ops) {
    readAnyway(bytes, limits, ops);
  }

  @Property(tries = 400)
  void corruptedEncodingsOnlyEverThrowCborException(
      @ForAll("itemSequences") List<Item> items,
      @ForAll @IntRange(min = 0, max = 1000) int position,
      @ForAll byte replacement,
      @ForAll @IntRange(min = 0, max = 1000) int cut,
      @ForAll @Size(max = 6) List<@IntRange(min = 0, max = 10) Integer> ops) {
    byte[] encoded = encode(items);
    if (encoded.length > 0) {
      encoded[position % encoded.length] = replacement;
      encoded = Arrays.copyOf(encoded, encoded.length - cut % (encoded.length + 1) / 2);
    }
    readAnyway(encoded, CborLimits.DEFAULT, ops);
  }
}
