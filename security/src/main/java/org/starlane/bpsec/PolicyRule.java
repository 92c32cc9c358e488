package org.starlane.bpsec;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.BcbAesGcm.AesVariant;
import org.starlane.bpsec.BibHmacSha2.ShaVariant;

/**
 * One rule of a {@link SecurityPolicy}: for bundles whose source and destination match, this node
 * plays {@code role} for {@code service} over the blocks of {@code targetTypes}, with the given
 * context variant, scope flags and keys (RFC 9172 §7: policy decides who adds, verifies and accepts
 * which operations; RFC 9173 §3.3, §4.3 parameters). Immutable and thread-safe.
 *
 * @param name the rule's name in the configuration, for logs
 * @param role security source, verifier or acceptor (RFC 9172 §1.4)
 * @param service integrity (BIB-HMAC-SHA2) or confidentiality (BCB-AES-GCM)
 * @param source pattern over the bundle's source node ID
 * @param destination pattern over the bundle's destination EID
 * @param targetTypes block type codes of the targets; {@link #PRIMARY_BLOCK} (0) is the primary
 *     block (integrity only)
 * @param variant SHA variant (5, 6, 7) or AES variant (1, 3) code
 * @param scopeFlags integrity or AAD scope flags
 * @param keyIds key IDs: the first signs or encrypts; verifiers and acceptors try them in order
 *     (key rotation)
 * @param wrapKey whether the source uses a fresh per-bundle key, AES-key-wrapped with the first
 *     key, carried in the block (RFC 9173 §3.3.2, §4.3.3)
 * @param onFailure what a verifier or acceptor deletes when an operation fails or is missing
 */
public record PolicyRule(
    String name,
    Role role,
    Service service,
    EidPattern source,
    EidPattern destination,
    List<Long> targetTypes,
    long variant,
    int scopeFlags,
    List<String> keyIds,
    boolean wrapKey,
    FailureAction onFailure) {

  /** The type code that names the primary block in {@link #targetTypes}. */
  public static final long PRIMARY_BLOCK = 0;

  /** The roles of RFC 9172 §1.4. */
  public enum Role {
    SOURCE,
    VERIFIER,
    ACCEPTOR
  }

  /** The security services of RFC 9172 §1.1, with their RFC 9173 contexts. */
  public enum Service {
    INTEGRITY,
    CONFIDENTIALITY
  }

  /**
   * What to delete when an operation fails or a required one is missing (RFC 9172 §5.1.1-2): the
   * target block, or the whole bundle. A failed or missing operation on the payload or primary
   * block always deletes the bundle.
   */
  public enum FailureAction {
    DELETE_TARGET,
    DELETE_BUNDLE
  }

  public PolicyRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(destination, "destination");
    targetTypes = List.copyOf(targetTypes);
    keyIds = List.copyOf(keyIds);
    Objects.requireNonNull(onFailure, "onFailure");
    if (targetTypes.isEmpty()) {
      throw new IllegalArgumentException("rule " + name + ": no target block types");
    }
    if (keyIds.isEmpty()) {
      throw new IllegalArgumentException("rule " + name + ": no key ID");
    }
    for (long t : targetTypes) {
      if (t == BlockType.BLOCK_INTEGRITY || t == BlockType.BLOCK_CONFIDENTIALITY) {
        throw new IllegalArgumentException(
            "rule " + name + ": security blocks are never targets of policy (RFC 9172 §3.7-3.9)");
      }
      if (t == PRIMARY_BLOCK && service == Service.CONFIDENTIALITY) {
        throw new IllegalArgumentException(
            "rule " + name + ": a BCB never targets the primary block (RFC 9172 §3.8)");
      }
    }
    if (scopeFlags < 0 || scopeFlags > 0xffff) {
      throw new IllegalArgumentException("rule " + name + ": scope flags " + scopeFlags);
    }
    try {
      if (service == Service.INTEGRITY) {
        ShaVariant.fromCode(variant);
      } else {
        AesVariant.fromCode(variant);
      }
    } catch (BpsecException e) {
      throw new IllegalArgumentException("rule " + name + ": " + e.getMessage());
    }
  }

  /**
   * Whether the rule applies to a bundle from {@code bundleSource} to {@code bundleDestination}.
   */
  public boolean matches(EndpointId bundleSource, EndpointId bundleDestination) {
    return source.matches(bundleSource) && destination.matches(bundleDestination);
  }

  /** Whether blocks of {@code type} (0: the primary block) are this rule's targets. */
  public boolean covers(long type) {
    return targetTypes.contains(type);
  }

  public ShaVariant shaVariant() {
    return ShaVariant.fromCode(variant);
  }

  public AesVariant aesVariant() {
    return AesVariant.fromCode(variant);
  }

  @Override
  public String toString() {
    return "rule "
        + name
        + ": "
        + role.name().toLowerCase(Locale.ROOT)
        + " of "
        + service.name().toLowerCase(Locale.ROOT)
        + " for "
        + source
        + " -> "
        + destination
        + " over block types "
        + targetTypes
        + ", keys "
        + keyIds;
  }
}
