package org.starlane.node.cli;

import java.util.Locale;
import org.starlane.bp.bundle.CrcType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a {@code --crc} option: {@code none}, {@code crc16} (CRC-16/X-25) or {@code crc32c}
 * (CRC-32C), any case (RFC 9171 §4.2.1).
 */
public final class CrcTypeConverter implements ITypeConverter<CrcType> {
  @Override
  public CrcType convert(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "none":
        return CrcType.NONE;
      case "crc16":
        return CrcType.CRC16_X25;
      case "crc32c":
        return CrcType.CRC32C;
      default:
        throw new TypeConversionException(
            "'" + value + "' is not a CRC type: use none, crc16 or crc32c");
    }
  }
}
