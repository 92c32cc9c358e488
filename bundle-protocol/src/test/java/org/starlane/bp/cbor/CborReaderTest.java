package org.starlane.bp.cbor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CborReader}: the strict BPv7 subset of RFC 8949, checked against its Appendix A. */
class CborReaderTest {

  static byte[] bytes(String hex) {
    return ByteBufUtil.decodeHexDump(hex.replace(" ", ""));
  }

  /** Reads {@code hex} with {@code read} under {@code limits}; the buffer is released after. */
  static <T> T read(String hex, CborLimits limits, Function<CborReader, T> read) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
    try {
      return read.apply(new CborReader(buf, limits));
    } finally {
      buf.release();
    }
  }

  static <T> T read(String hex, Function<CborReader, T> read) {
    return read(hex, CborLimits.DEFAULT, read);
  }

  /** Runs {@code read} on {@code hex} and returns the exception it must throw. */
  static CborException rejection(String hex, CborLimits limits, Consumer<CborReader> read) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
    try {
      CborReader reader = new CborReader(buf, limits);
      CborException e = catchThrowableOfType(CborException.class, () -> read.accept(reader));
      assertThat(e).as("reading %s must throw CborException", hex).isNotNull();
      return e;
    } finally {
      buf.release();
    }
  }

  static CborException rejection(String hex, Consumer<CborReader> read) {
    return rejection(hex, CborLimits.DEFAULT, read);
  }

  /** Skips every item in the buffer and returns how many there were. */
  static int skipAll(CborReader in) {
    int items = 0;
    while (in.isReadable()) {
      in.skipItem();
      items++;
    }
    return items;
  }

  // ---- unsigned integers (major type 0) ----

  @ParameterizedTest(name = "{1} -> {0}")
  @CsvSource({
    "0, 00",
    "1, 01",
    "10, 0a",
    "23, 17",
    "24, 1818",
    "25, 1819",
    "100, 1864",
    "1000, 1903e8",
    "1000000, 1a000f4240",
    "1000000000000, 1b000000e8d4a51000",
    "18446744073709551615, 1bffffffffffffffff",
  })
  void readsRfc8949AppendixAUnsignedIntegers(String value, String hex) {
    long read = read(hex, CborReader::readUnsigned);
    assertThat(Long.toUnsignedString(read)).isEqualTo(value);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "1817",
        "190017",
        "1a00000017",
        "1b0000000000000017",
      })
  void acceptsLongerThanNeededIntegerEncodingsOnInput(String hex) {
    assertThat(CborReaderTest.<Long>read(hex, CborReader::readUnsigned)).isEqualTo(23);
  }

  @Test
  void acceptsLongerThanNeededLengthsForStringsAndArrays() {
    assertThat(read("5900020102", CborReader::readByteString)).containsExactly(1, 2);
    assertThat(read("7a0000000161", CborReader::readTextString)).isEqualTo("a");
    assertThat(CborReaderTest.<Integer>read("980201 02", CborReader::readArrayHeader)).isEqualTo(2);
  }

  @Test
  void checksAnUnsignedIntegerAgainstAnUnsignedMaximum() {
    assertThat(CborReaderTest.<Long>read("1a000f4240", in -> in.readUnsigned(1_000_000, "count")))
        .isEqualTo(1_000_000);
    assertThat(
            CborReaderTest.<Long>read("1bffffffffffffffff", in -> in.readUnsigned(-1L, "anything")))
        .isEqualTo(-1L);
    CborException e = rejection("1a000f4241", in -> in.readUnsigned(1_000_000, "count"));
    assertThat(e.problem()).isEqualTo("count 1000001 exceeds 1000000");
    assertThat(e.offset()).isZero();
    CborException big = rejection("1b8000000000000000", in -> in.readUnsigned(Long.MAX_VALUE, "n"));
    assertThat(big.problem()).isEqualTo("n 9223372036854775808 exceeds 9223372036854775807");
  }

  // ---- strings ----

  @Test
  void readsRfc8949AppendixAByteStrings() {
    assertThat(read("40", CborReader::readByteString)).isEmpty();
    assertThat(read("4401020304", CborReader::readByteString)).containsExactly(1, 2, 3, 4);
  }

  @ParameterizedTest(name = "{1} -> \"{0}\"")
  @CsvSource({
    "'', 60",
    "a, 6161",
    "IETF, 6449455446",
    "\"\\, 62225c",
    "\u00fc, 62c3bc",
    "\u6c34, 63e6b0b4",
    "\ud800\udd51, 64f0908591",
  })
  void readsRfc8949AppendixATextStrings(String text, String hex) {
    assertThat(read(hex, CborReader::readTextString)).isEqualTo(text);
  }

  @Test
  void readsAByteStringViewThatSharesTheBufferAndIsReadOnly() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("43 0a0b0c 01"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      ByteBuffer view = in.readByteStringView();
      assertThat(view.isReadOnly()).isTrue();
      assertThat(view.remaining()).isEqualTo(3);
      buf.setByte(1, 0x7f);
      assertThat(view.get(0)).isEqualTo((byte) 0x7f);
      assertThat(in.readUnsigned()).isEqualTo(1);
    } finally {
      buf.release();
    }
  }

  @Test
  void leavesTheReaderAtTheContentAfterAByteStringHeader() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("58 03 616263"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      assertThat(in.readByteStringHeader()).isEqualTo(3);
      assertThat(in.offset()).isEqualTo(2);
      assertThat(buf.toString(buf.readerIndex(), 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "6180", // lone continuation byte
        "62c328", // lead byte followed by ASCII
        "62c080", // overlong encoding of U+0000
        "63e08080", // overlong three-byte form
        "63eda080", // UTF-16 surrogate U+D800 encoded directly
        "64f4908080", // above U+10FFFF
        "61ff", // never valid in UTF-8
        "62e6b0", // three-byte sequence cut short by the string length
        "636162c3", // valid prefix, truncated last character
      })
  void rejectsTextStringsThatAreNotValidUtf8(String hex) {
    CborException e = rejection(hex, CborReader::readTextString);
    assertThat(e.problem()).isEqualTo("text string is not valid UTF-8");
    assertThat(e.offset()).isZero();
  }

  @Test
  void rejectsIndefiniteLengthStringsInTypedReadsAndWhenSkipping() {
    // RFC 8949 Appendix A: (_ h'0102', h'030405') and (_ "strea", "ming")
    assertThat(rejection("5f42010243030405ff", CborReader::readByteString).problem())
        .isEqualTo("indefinite-length byte string is not allowed here");
    assertThat(rejection("7f657374726561646d696e67ff", CborReader::readTextString).problem())
        .isEqualTo("indefinite-length text string is not allowed here");
    assertThat(rejection("5f42010243030405ff", CborReader::skipItem).problem())
        .isEqualTo("indefinite-length strings are not used by BPv7");
    assertThat(rejection("82 01 7f657374726561646d696e67ff", CborReader::skipItem).offset())
        .isEqualTo(2);
  }

  // ---- arrays ----

  @Test
  void readsRfc8949AppendixADefiniteArrays() {
    assertThat(CborReaderTest.<Integer>read("80", CborReader::readArrayHeader)).isZero();
    assertThat(read("8301820203820405", CborReaderTest::readNested))
        .isEqualTo(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)));
    assertThat(read("98190102030405060708090a0b0c0d0e0f101112131415161718181819", this::nested))
        .isEqualTo(oneTo25());
  }

  private static List<Object> oneTo25() {
    List<Object> items = new ArrayList<>();
    for (long i = 1; i <= 25; i++) {
      items.add(i);
    }
    return items;
  }

  @Test
  void readsRfc8949AppendixAIndefiniteArrays() {
    assertThat(read("9fff", CborReaderTest::readNested)).isEqualTo(List.of());
    List<Object> expected = List.of(1L, List.of(2L, 3L), List.of(4L, 5L));
    for (String hex :
        List.of(
            "9f018202039f0405ffff",
            "9f01820203820405ff",
            "83018202039f0405ff",
            "83019f0203ff820405")) {
      assertThat(read(hex, CborReaderTest::readNested)).as(hex).isEqualTo(expected);
    }
    assertThat(read("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff", this::nested))
        .isEqualTo(oneTo25());
  }

  private Object nested(CborReader in) {
    return readNested(in);
  }

  /** Reads nested arrays of unsigned integers into lists, the way the BPv7 codec does. */
  static Object readNested(CborReader in) {
    if (in.peekMajorType() != CborReader.MAJOR_ARRAY) {
      return in.readUnsigned();
    }
    int length = in.readArrayHeader();
    List<Object> items = new ArrayList<>();
    if (length == CborReader.INDEFINITE) {
      while (!in.readBreakIfPresent()) {
        items.add(readNested(in));
      }
    } else {
      for (int i = 0; i < length; i++) {
        items.add(readNested(in));
      }
    }
    return items;
  }

  @Test
  void checksAnArrayAgainstTheExpectedLength() {
    read(
        "82 01 02",
        in -> {
          in.readArrayHeader(2, "pair");
          return null;
        });
    assertThat(rejection("83 01 02 03", in -> in.readArrayHeader(2, "pair")).problem())
        .isEqualTo("pair must be a definite-length array of 2 elements, found 3 elements");
    assertThat(rejection("9f 01 02 ff", in -> in.readArrayHeader(2, "pair")).problem())
        .isEqualTo(
            "pair must be a definite-length array of 2 elements, found an indefinite-length array");
  }

  @Test
  void readsBreakOnlyWhenItIsNext() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("01 ff"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      assertThat(in.peekBreak()).isFalse();
      assertThat(in.readBreakIfPresent()).isFalse();
      assertThat(in.readUnsigned()).isEqualTo(1);
      assertThat(in.peekBreak()).isTrue();
      assertThat(in.readBreakIfPresent()).isTrue();
      assertThat(in.isReadable()).isFalse();
    } finally {
      buf.release();
    }
  }

  // ---- booleans and peeking ----

  @Test
  void readsBooleans() {
    assertThat(read("f5", CborReader::readBoolean)).isTrue();
    assertThat(read("f4", CborReader::readBoolean)).isFalse();
    assertThat(rejection("f6", CborReader::readBoolean).problem())
        .isEqualTo("expected a boolean, found a simple value or float (initial byte 0xf6)");
  }

  @Test
  void peeksTheMajorTypeWithoutConsumingAnything() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("a0"));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      assertThat(in.peekMajorType()).isEqualTo(CborReader.MAJOR_MAP);
      assertThat(in.offset()).isZero();
    } finally {
      buf.release();
    }
    assertThat(rejection("", CborReader::peekMajorType).problem())
        .isEqualTo("truncated: expected a CBOR item, found end of data");
  }

  // ---- wrong types, reserved values, breaks ----

  static Stream<Arguments> wrongMajorTypes() {
    return Stream.of(
        wrong("20", CborReader::readUnsigned, "expected an unsigned integer, found a negative"),
        wrong("4101", CborReader::readUnsigned, "expected an unsigned integer, found a byte"),
        wrong("6161", CborReader::readByteString, "expected a byte string, found a text string"),
        wrong("4161", CborReader::readTextString, "expected a text string, found a byte string"),
        wrong("a0", CborReader::readArrayHeader, "expected an array, found a map"),
        wrong("c101", CborReader::readUnsigned, "expected an unsigned integer, found a tag"),
        wrong("f93c00", CborReader::readUnsigned, "expected an unsigned integer, found a simple"),
        wrong("01", CborReader::readBoolean, "expected a boolean, found an unsigned integer"));
  }

  private static Arguments wrong(String hex, Consumer<CborReader> read, String problem) {
    return Arguments.of(hex, read, problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wrongMajorTypes")
  void rejectsAnItemOfTheWrongMajorTypeWithoutConsumingIt(
      String hex, Consumer<CborReader> read, String problem) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex));
    try {
      CborReader in = new CborReader(buf, CborLimits.DEFAULT);
      assertThatThrownBy(() -> read.accept(in))
          .isInstanceOf(CborException.class)
          .hasMessageStartingWith(problem)
          .hasMessageEndingWith("at byte offset 0");
      assertThat(in.offset()).isZero();
    } finally {
      buf.release();
    }
  }

  @ParameterizedTest(name = "major type {0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void rejectsReservedAdditionalInformation28To30InEveryMajorType(int major) {
    for (int info = 28; info <= 30; info++) {
      String hex = String.format("%02x00000000000000000000", major << 5 | info);
      CborException skipped = rejection(hex, CborReader::skipItem);
      assertThat(skipped.problem()).startsWith("reserved additional information " + info);
      assertThat(skipped.offset()).isZero();
    }
    Consumer<CborReader> typed =
        switch (major) {
          case CborReader.MAJOR_UNSIGNED -> CborReader::readUnsigned;
          case CborReader.MAJOR_BYTES -> CborReader::readByteString;
          case CborReader.MAJOR_TEXT -> CborReader::readTextString;
          case CborReader.MAJOR_ARRAY -> CborReader::readArrayHeader;
          default -> null;
        };
    if (typed != null) {
      String hex = String.format("%02x0000", major << 5 | 29);
      assertThat(rejection(hex, typed).problem()).isEqualTo("reserved additional information 29");
    }
  }

  @Test
  void rejectsATwoByteSimpleValueBelow32AsNotWellFormed() {
    assertThat(rejection("f81f", CborReader::skipItem).problem())
        .isEqualTo("simple value 31 in the two-byte form is not well-formed");
    assertThat(rejection("f800", CborReader::skipItem).offset()).isZero();
    assertThat(read("f820 f8ff", CborReaderTest::skipAll)).isEqualTo(2);
  }

  @Test
  void rejectsABreakWhereAnItemIsExpected() {
    assertThat(rejection("ff", CborReader::readUnsigned).problem())
        .isEqualTo("expected an unsigned integer, found a break stop code");
    assertThat(rejection("ff", CborReader::readArrayHeader).problem())
        .isEqualTo("expected an array, found a break stop code");
    assertThat(rejection("ff", CborReader::skipItem).problem())
        .isEqualTo("unexpected break stop code");
    CborException inArray = rejection("82 01 ff", CborReader::skipItem);
    assertThat(inArray.problem()).isEqualTo("unexpected break stop code");
    assertThat(inArray.offset()).isEqualTo(2);
    assertThat(rejection("a1 01 ff", CborReader::skipItem).offset()).isEqualTo(2);
    assertThat(rejection("bf 01 ff", CborReader::skipItem).offset()).isEqualTo(2);
    assertThat(rejection("c1 ff", CborReader::skipItem).offset()).isEqualTo(1);
  }

  @Test
  void rejectsIndefiniteLengthWhereOnlyDefiniteArgumentsExist() {
    for (String hex : List.of("1f", "3f", "df01")) {
      assertThat(rejection(hex, CborReader::skipItem).problem())
          .as(hex)
          .isEqualTo("unexpected indefinite length");
    }
    assertThat(rejection("1f", CborReader::readUnsigned).problem())
        .isEqualTo("unexpected indefinite length");
  }

  // ---- truncation ----

  static List<String> validItems() {
    return List.of(
        "18 64",
        "19 03e8",
        "1a 000f4240",
        "1b 000000e8d4a51000",
        "44 01020304",
        "64 49455446",
        "63 e6b0b4",
        "83 01 820203 820405",
        "98 19 0102030405060708090a0b0c0d0e0f101112131415161718181819",
        "9f 01 820203 9f0405ff ff",
        "a2 01 02 03 04",
        "bf 6346756e f5 63416d74 21 ff",
        "c1 1a 514b67b0",
        "d8 18 45 6449455446",
        "f9 3c00",
        "fa 47c35000",
        "fb 3ff199999999999a",
        "f8 ff");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validItems")
  void rejectsEveryTruncationOfAnItemWhenSkipping(String hex) {
    byte[] whole = bytes(hex);
    assertThat(read(hex, CborReaderTest::skipAll)).isEqualTo(1);
    for (int cut = 0; cut < whole.length; cut++) {
      String prefix = ByteBufUtil.hexDump(whole, 0, cut);
      CborException e = rejection(prefix, CborReader::skipItem);
      assertThat(e.problem()).as("prefix %s", prefix).startsWith("truncated");
      assertThat(e.offset()).as("prefix %s", prefix).isBetween(0L, (long) cut);
    }
  }

  @Test
  void rejectsEveryTruncationOfATypedRead() {
    String[][] cases = {
      {"1b000000e8d4a51000", "unsigned"},
      {"4401020304", "bytes"},
      {"6449455446", "text"},
      {"9a00000003010203", "array"},
    };
    for (String[] c : cases) {
      byte[] whole = bytes(c[0]);
      for (int cut = 0; cut < whole.length; cut++) {
        String prefix = ByteBufUtil.hexDump(whole, 0, cut);
        Consumer<CborReader> read =
            switch (c[1]) {
              case "unsigned" -> CborReader::readUnsigned;
              case "bytes" -> CborReader::readByteString;
              case "text" -> CborReader::readTextString;
              default -> CborReader::readArrayHeader;
            };
        CborException e = rejection(prefix, read);
        assertThat(e.problem()).as("%s cut at %d", c[1], cut).startsWith("truncated");
        assertThat(e.offset()).as("%s cut at %d", c[1], cut).isZero();
      }
    }
  }

  @Test
  void reportsTheOffsetOfTheTruncatedItemNotOfItsEnclosingArray() {
    CborException e = rejection("83 01 02 19 03", CborReader::skipItem);
    assertThat(e.problem()).isEqualTo("truncated: integer argument needs 2 bytes, 1 left");
    assertThat(e.offset()).isEqualTo(3);
    assertThat(e.getMessage())
        .isEqualTo("truncated: integer argument needs 2 bytes, 1 left at byte offset 3");
  }

  @Test
  void reportsOffsetsRelativeToTheGivenBase() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("aabbcc 01 19"));
    try {
      buf.readerIndex(3);
      CborReader fromHere = new CborReader(buf, CborLimits.DEFAULT);
      assertThat(fromHere.readUnsigned()).isEqualTo(1);
      assertThat(catchThrowableOfType(CborException.class, fromHere::readUnsigned).offset())
          .isEqualTo(1);
      buf.readerIndex(4);
      CborReader fromStart = new CborReader(buf, CborLimits.DEFAULT, 0);
      assertThat(fromStart.offset()).isEqualTo(4);
      assertThat(catchThrowableOfType(CborException.class, fromStart::readUnsigned).offset())
          .isEqualTo(4);
    } finally {
      buf.release();
    }
  }

  // ---- hostile lengths: must fail fast from the header, without allocating ----

  @Test
  void rejectsAByteStringLengthOf2To64Minus1FromItsHeader() {
    CborException e = rejection("5b ffffffffffffffff 00", CborReader::readByteString);
    assertThat(e.problem())
        .isEqualTo("byte string length 18446744073709551615 exceeds the limit of 2147483647");
    assertThat(rejection("5b ffffffffffffffff", CborReader::readByteStringView)).isNotNull();
    assertThat(rejection("5b ffffffffffffffff", CborReader::skipItem).problem())
        .startsWith("byte string length 18446744073709551615 exceeds");
    assertThat(rejection("7b ffffffffffffffff", CborReader::readTextString).problem())
        .startsWith("text string length 18446744073709551615 exceeds");
  }

  @Test
  void rejectsAStringLongerThanTheBytesPresentBeforeAllocating() {
    // 2^31-1 bytes promised, 1 present: must fail on the header, never allocate 2 GiB
    CborException e = rejection("5a 7fffffff 00", CborReader::readByteString);
    assertThat(e.problem())
        .isEqualTo("truncated: byte string of 2147483647 bytes but only 1 bytes left");
    assertThat(e.offset()).isZero();
    assertThat(rejection("5a 7fffffff 00", CborReader::skipItem).problem()).startsWith("truncated");
  }

  @Test
  void rejectsAnArrayLengthOf2To32FromItsHeader() {
    CborException e = rejection("9b 0000000100000000 00", CborReader::readArrayHeader);
    assertThat(e.problem()).isEqualTo("array length 4294967296 exceeds the limit of 1048576");
    assertThat(rejection("9b 0000000100000000 00", CborReader::skipItem).problem())
        .isEqualTo("array length 4294967296 exceeds the limit of 1048576");
    assertThat(rejection("bb ffffffffffffffff", CborReader::skipItem).problem())
        .isEqualTo("map length 18446744073709551615 exceeds the limit of 1048576");
  }

  @Test
  void rejectsAnArrayWithMoreElementsThanBytesLeft() {
    CborException e = rejection("9a 000fffff 01 02", CborReader::readArrayHeader);
    assertThat(e.problem()).isEqualTo("truncated: array of 1048575 elements but only 2 bytes left");
    assertThat(rejection("a2 01 02 03", CborReader::skipItem).problem())
        .isEqualTo("truncated: map of 2 entries but only 3 bytes left");
  }

  // ---- limits ----

  @Test
  void honoursTheByteAndTextStringLimits() {
    CborLimits small = new CborLimits(3, 3, 4, 4);
    assertThat(read("43 010203", small, CborReader::readByteString)).hasSize(3);
    assertThat(rejection("44 01020304", small, CborReader::readByteString).problem())
        .isEqualTo("byte string length 4 exceeds the limit of 3");
    assertThat(rejection("44 01020304", small, CborReader::readByteStringHeader)).isNotNull();
    assertThat(rejection("44 01020304", small, CborReader::skipItem).problem())
        .isEqualTo("byte string length 4 exceeds the limit of 3");
    assertThat(read("63 494554", small, CborReader::readTextString)).isEqualTo("IET");
    assertThat(rejection("64 49455446", small, CborReader::readTextString).problem())
        .isEqualTo("text string length 4 exceeds the limit of 3");
    assertThat(rejection("64 49455446", small, CborReader::skipItem).problem())
        .isEqualTo("text string length 4 exceeds the limit of 3");
  }

  @Test
  void honoursTheArrayLengthLimitForDefiniteAndIndefiniteItems() {
    CborLimits two = new CborLimits(100, 100, 2, 4);
    assertThat(CborReaderTest.<Integer>read("82 01 02", two, CborReader::readArrayHeader))
        .isEqualTo(2);
    assertThat(rejection("83 01 02 03", two, CborReader::readArrayHeader).problem())
        .isEqualTo("array length 3 exceeds the limit of 2");
    assertThat(rejection("83 01 02 03", two, CborReader::skipItem).problem())
        .isEqualTo("array length 3 exceeds the limit of 2");
    assertThat(read("9f 01 02 ff", two, CborReaderTest::skipAll)).isEqualTo(1);
    CborException e = rejection("9f 01 02 03 ff", two, CborReader::skipItem);
    assertThat(e.problem()).isEqualTo("array longer than the limit of 2");
    assertThat(e.offset()).isZero();
    assertThat(rejection("a3 01 01 02 02 03 03", two, CborReader::skipItem)).isNotNull();
    assertThat(rejection("bf 01 01 02 02 03 03 ff", two, CborReader::skipItem).problem())
        .isEqualTo("map longer than the limit of 2");
  }

  @Test
  void honoursTheNestingLimitWhenSkipping() {
    CborLimits three = new CborLimits(100, 100, 100, 3);
    assertThat(read("81 81 81 01", three, CborReaderTest::skipAll)).isEqualTo(1);
    assertThat(read("81 9f 80 ff", three, CborReaderTest::skipAll)).isEqualTo(1);
    CborException arrays = rejection("81 81 81 81 01", three, CborReader::skipItem);
    assertThat(arrays.problem()).isEqualTo("array nested deeper than the limit of 3");
    assertThat(arrays.offset()).isEqualTo(3);
    CborException mixed = rejection("a1 01 9f c1 80 ff", three, CborReader::skipItem);
    assertThat(mixed.problem()).isEqualTo("array nested deeper than the limit of 3");
    assertThat(mixed.offset()).isEqualTo(4);
    assertThat(rejection("c1 c1 c1 c1 00", three, CborReader::skipItem).problem())
        .isEqualTo("tag nested deeper than the limit of 3");
  }

  @Test
  void rejectsDeeplyNestedInputUnderTheDefaultLimitWithoutExhaustingTheStack() {
    String sixteen = "81".repeat(16) + "00";
    assertThat(read(sixteen, CborReaderTest::skipAll)).isEqualTo(1);
    assertThat(rejection("81" + sixteen, CborReader::skipItem).offset()).isEqualTo(16);
    String hostile = "9f".repeat(100_000);
    assertThat(rejection(hostile, CborReader::skipItem).problem()).contains("nested deeper");
  }

  // ---- skipping whole items ----

  @Test
  void skipsEveryWellFormedItemOfRfc8949AppendixAIncludingTypesBpv7DoesNotUse() {
    String[] items = {
      "20",
      "3863",
      "3bffffffffffffffff",
      "f90000",
      "fa7f800000",
      "fb7ff8000000000000",
      "f4",
      "f6",
      "f7",
      "f0",
      "f8ff",
      "c074323031332d30332d32315432303a30343a30305a",
      "c11a514b67b0",
      "d74401020304",
      "d818456449455446",
      "a0",
      "a201020304",
      "a26161016162820203",
      "826161a161626163",
      "bf61610161629f0203ffff",
      "bf6346756ef563416d7421ff",
      "c249010000000000000000"
    };
    for (String hex : items) {
      ByteBuf buf = Unpooled.wrappedBuffer(bytes(hex + "17"));
      try {
        CborReader in = new CborReader(buf, CborLimits.DEFAULT);
        in.skipItem();
        assertThat(in.readUnsigned()).as("item after %s", hex).isEqualTo(23);
      } finally {
        buf.release();
      }
    }
  }

  @Test
  void exposesItsBufferAndLimits() {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes("00"));
    try {
      CborLimits limits = new CborLimits(1, 2, 3, 4);
      CborReader in = new CborReader(buf, limits);
      assertThat(in.buffer()).isSameAs(buf);
      assertThat(in.limits()).isSameAs(limits);
    } finally {
      buf.release();
    }
  }
}
