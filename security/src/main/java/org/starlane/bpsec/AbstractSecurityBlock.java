package org.starlane.bpsec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.starlane.bp.DtnException;
import org.starlane.bp.cbor.CborException;
import org.starlane.bp.cbor.CborLimits;
import org.starlane.bp.cbor.CborReader;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.eid.EndpointId;

/**
 * The abstract security block (ASB, RFC 9172 §3.6): the block-type-specific data of a block
 * integrity block (BIB, type 11, §3.7) and of a block confidentiality block (BCB, type 12, §3.8).
 * On the wire it is a CBOR sequence (not an array) of five or six items:
 *
 * <pre>
 *   +------------------------------------------------------------+
 *   | security targets          [+ block number (uint)]           |
 *   | security context id       uint                              |
 *   | security context flags    uint, bit 0 = parameters present  |
 *   | security source           EID  [scheme, SSP]                |
 *   | ? parameters              [+ [id, value]]   if flag bit 0   |
 *   | security results          [+ [* [id, value]]] one per target|
 *   +------------------------------------------------------------+
 * </pre>
 *
 * <p>Immutable and validated: at least one target, no duplicate target, one result set per target,
 * parameters present exactly when flag bit 0 is set. Reserved flag bits are kept as read (RFC 9172
 * §3.6: ignored when reading), so decoding and re-encoding is byte-identical for canonical input.
 * Thread-safe.
 *
 * @param targets block numbers of the security targets, in order (0 is the primary block)
 * @param contextId security context identifier (RFC 9173 §5.1: 1 BIB-HMAC-SHA2, 2 BCB-AES-GCM)
 * @param flags security context flags
 * @param securitySource the node that added the block
 * @param parameters security context parameters (empty unless flag bit 0 is set)
 * @param results one list of results per target, in the order of {@code targets}
 */
public record AbstractSecurityBlock(
    List<Long> targets,
    long contextId,
    long flags,
    EndpointId securitySource,
    List<SecurityField> parameters,
    List<List<SecurityField>> results) {

  /** Security context flag bit 0: security context parameters present. */
  public static final long PARAMETERS_PRESENT = 0x01;

  public AbstractSecurityBlock {
    targets = List.copyOf(targets);
    Objects.requireNonNull(securitySource, "securitySource");
    parameters = List.copyOf(parameters);
    List<List<SecurityField>> copy = new ArrayList<>(results.size());
    for (List<SecurityField> r : results) {
      copy.add(List.copyOf(r));
    }
    results = List.copyOf(copy);
    String problem = violation(targets, flags, parameters, results);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** An ASB with flags set from whether there are parameters. */
  public static AbstractSecurityBlock of(
      List<Long> targets,
      long contextId,
      EndpointId securitySource,
      List<SecurityField> parameters,
      List<List<SecurityField>> results) {
    return new AbstractSecurityBlock(
        targets,
        contextId,
        parameters.isEmpty() ? 0 : PARAMETERS_PRESENT,
        securitySource,
        parameters,
        results);
  }

  private static String violation(
      List<Long> targets,
      long flags,
      List<SecurityField> parameters,
      List<List<SecurityField>> results) {
    if (targets.isEmpty()) {
      return "security targets must have at least one entry (RFC 9172 §3.6)";
    }
    Set<Long> seen = new HashSet<>();
    for (Long t : targets) {
      if (!seen.add(t)) {
        return "security target " + Long.toUnsignedString(t) + " is listed twice (RFC 9172 §3.6)";
      }
    }
    if (results.size() != targets.size()) {
      return results.size()
          + " security result sets for "
          + targets.size()
          + " targets: there must be one per target (RFC 9172 §3.6)";
    }
    if ((flags & PARAMETERS_PRESENT) == 0 && !parameters.isEmpty()) {
      return "parameters given but the 'parameters present' flag is clear (RFC 9172 §3.6)";
    }
    return null;
  }

  /** Whether flag bit 0 says the parameters field is present. */
  public boolean parametersPresent() {
    return (flags & PARAMETERS_PRESENT) != 0;
  }

  /** The parameter with {@code id}, or null. */
  public SecurityField parameter(long id) {
    for (SecurityField p : parameters) {
      if (p.id() == id) {
        return p;
      }
    }
    return null;
  }

  /** The index of {@code blockNumber} among the targets, or -1. */
  public int indexOfTarget(long blockNumber) {
    return targets.indexOf(blockNumber);
  }

  /** The results for the target {@code blockNumber}; the target must be present. */
  public List<SecurityField> resultsFor(long blockNumber) {
    int i = indexOfTarget(blockNumber);
    if (i < 0) {
      throw new IllegalArgumentException(
          "block " + Long.toUnsignedString(blockNumber) + " is not a target of " + this);
    }
    return results.get(i);
  }

  /**
   * This ASB without the operation on {@code blockNumber}, or null when that was the last one (the
   * block must then be removed, RFC 9172 §5.1.1-2).
   */
  public AbstractSecurityBlock withoutTarget(long blockNumber) {
    int i = indexOfTarget(blockNumber);
    if (i < 0) {
      return this;
    }
    if (targets.size() == 1) {
      return null;
    }
    List<Long> t = new ArrayList<>(targets);
    List<List<SecurityField>> r = new ArrayList<>(results);
    t.remove(i);
    r.remove(i);
    return new AbstractSecurityBlock(t, contextId, flags, securitySource, parameters, r);
  }

  /** The CBOR sequence of the ASB's fields. */
  public byte[] encode() {
    return encode(Unpooled.buffer(64 + 48 * targets.size()));
  }

  /**
   * The encoding, written through {@code scratch} (an empty heap buffer, e.g. a reused one) and
   * copied out at its exact length.
   */
  byte[] encode(ByteBuf out) {
    CborWriter.writeArrayHeader(out, targets.size());
    for (int i = 0; i < targets.size(); i++) {
      CborWriter.writeUnsigned(out, targets.get(i));
    }
    CborWriter.writeUnsigned(out, contextId);
    CborWriter.writeUnsigned(out, flags);
    securitySource.writeTo(out);
    if (parametersPresent()) {
      CborWriter.writeArrayHeader(out, parameters.size());
      for (int i = 0; i < parameters.size(); i++) {
        parameters.get(i).writeTo(out);
      }
    }
    CborWriter.writeArrayHeader(out, results.size());
    for (int i = 0; i < results.size(); i++) {
      List<SecurityField> set = results.get(i);
      CborWriter.writeArrayHeader(out, set.size());
      for (int j = 0; j < set.size(); j++) {
        set.get(j).writeTo(out);
      }
    }
    return Arrays.copyOfRange(
        out.array(), out.arrayOffset(), out.arrayOffset() + out.writerIndex());
  }

  /**
   * Decodes the block-type-specific data of a BIB or BCB; the data must be exactly one ASB.
   *
   * @param data the block-type-specific data (not consumed)
   * @param limits limits on lengths and counts (the data's own numbers never size a buffer)
   * @throws BpsecException (block unintelligible, or conflicting security operation for an ASB that
   *     breaks a rule of RFC 9172 §3.6) naming the field and byte offset
   */
  public static AbstractSecurityBlock decode(ByteBuffer data, CborLimits limits) {
    ByteBuf buf = Unpooled.wrappedBuffer(data.duplicate());
    CborReader in = new CborReader(buf, limits);
    String field = "security targets";
    try {
      List<Long> targets = new ArrayList<>();
      int n = definiteArray(in, field);
      for (int i = 0; i < n; i++) {
        targets.add(in.readUnsigned());
      }
      field = "security context id";
      long contextId = in.readUnsigned();
      field = "security context flags";
      long flags = in.readUnsigned();
      field = "security source";
      EndpointId source = EndpointId.readFrom(in);
      List<SecurityField> parameters = new ArrayList<>();
      if ((flags & PARAMETERS_PRESENT) != 0) {
        field = "security context parameters";
        int m = definiteArray(in, field);
        for (int i = 0; i < m; i++) {
          parameters.add(readField(buf, in, field));
        }
      }
      field = "security results";
      int r = definiteArray(in, field);
      List<List<SecurityField>> results = new ArrayList<>(Math.min(r, 64));
      for (int i = 0; i < r; i++) {
        int k = definiteArray(in, field);
        List<SecurityField> set = new ArrayList<>(Math.min(k, 16));
        for (int j = 0; j < k; j++) {
          set.add(readField(buf, in, field));
        }
        results.add(set);
      }
      if (buf.isReadable()) {
        field = "end of security block";
        throw new CborException(
            buf.readableBytes() + " bytes follow the security results", in.offset());
      }
      String problem = violation(targets, flags, parameters, results);
      if (problem != null) {
        throw BpsecException.conflicting("abstract security block: " + problem);
      }
      return new AbstractSecurityBlock(targets, contextId, flags, source, parameters, results);
    } catch (CborException e) {
      throw BpsecException.unintelligible(
          "abstract security block, field '"
              + field
              + "': "
              + e.problem()
              + " (at byte offset "
              + e.offset()
              + " of the block-type-specific data)");
    } catch (DtnException e) {
      if (e instanceof BpsecException b) {
        throw b;
      }
      throw BpsecException.unintelligible(
          "abstract security block, field '" + field + "': " + e.getMessage());
    }
  }

  private static int definiteArray(CborReader in, String field) {
    int start = in.offset();
    int n = in.readArrayHeader();
    if (n == CborReader.INDEFINITE) {
      throw new CborException(field + " must be a definite-length array (RFC 9172 §4)", start);
    }
    return n;
  }

  private static SecurityField readField(ByteBuf buf, CborReader in, String field) {
    int start = in.offset();
    int n = definiteArray(in, field);
    if (n != 2) {
      throw new CborException(field + ": an [id, value] pair has 2 elements, not " + n, start);
    }
    long id = in.readUnsigned();
    int from = buf.readerIndex();
    in.skipItem();
    byte[] value = new byte[buf.readerIndex() - from];
    buf.getBytes(from, value);
    return new SecurityField(id, value);
  }

  @Override
  public String toString() {
    return "ASB[targets "
        + targets
        + ", context "
        + contextId
        + ", flags "
        + flags
        + ", source "
        + securitySource
        + ", parameters "
        + parameters
        + ", results "
        + results
        + "]";
  }
}
