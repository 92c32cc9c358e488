package org.starlane.bpsec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleFormatException;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.SecurityOutcome;
import org.starlane.bp.spi.SecurityProcessor;
import org.starlane.bpsec.PolicyRule.FailureAction;
import org.starlane.bpsec.PolicyRule.Role;
import org.starlane.bpsec.PolicyRule.Service;
import org.starlane.bpsec.SecurityOperations.ConfidentialityRequest;
import org.starlane.bpsec.SecurityOperations.IntegrityRequest;

/**
 * The agent's {@link SecurityProcessor}, driven by a {@link SecurityPolicy} and a {@link
 * SymmetricKeyStore} (RFC 9172 §5, §7).
 *
 * <ul>
 *   <li>Before forwarding (RFC 9171 §5.4 step 4): as security source, adds the BIBs and then the
 *       BCBs that source rules require, on targets that do not have that service yet. A bundle that
 *       is a fragment gets nothing (RFC 9172 §5.2); the agent fragments after this hook, so a
 *       bundle is secured whole and its BCB is replicated in every fragment.
 *   <li>At reception of a bundle in transit (RFC 9171 §5.6): verifier rules check operations and
 *       leave them; acceptor rules (a security gateway) check or decrypt and remove them. Fragments
 *       pass unchecked: their payload is not the protected one.
 *   <li>At local delivery (RFC 9171 §5.7, after reassembly): verifier and acceptor rules as above.
 *       A BCB left that no rule lets this node decrypt means the bundle cannot be delivered: it is
 *       deleted with "unexpected security operation".
 * </ul>
 *
 * BCBs are processed before BIBs (RFC 9172 §5.1). A failed operation deletes the target or the
 * bundle as the rule says (always the bundle for the payload and primary block), with "failed
 * security operation"; a target that a verifier or acceptor rule requires protection for but that
 * has none is "missing security operation"; a malformed or rule-breaking security block is "block
 * unintelligible" or "conflicting security operation" (RFC 9172 §7.1).
 *
 * <p><b>Large payloads.</b> A file-backed payload (docs/agent.md, "Large payloads") is signed and
 * verified by streaming its file, and encrypted or decrypted into a new file ({@link
 * SecurityOperations}): give the processor the agent's payload directory ({@link
 * #withPayloadDirectory}) so that the new file is the agent's, which deletes it with the bundle.
 * Every file the processor makes in a hook is then either referred to by the bundle the hook
 * returns or deleted before the hook returns (a failed check, a BCB verifier rule that decrypts
 * only to check, a bundle deleted). The processor never deletes the file of the bundle it is given:
 * that file is the agent's (docs/agent.md, "Large payloads"), which deletes a received ciphertext
 * file once a decrypted bundle replaced it, and a ciphertext file made for one forwarding attempt
 * when the attempt concludes (docs/bpsec.md, "Large payloads").
 *
 * <p>Confined to the agent's thread, like the hooks.
 */
public final class PolicySecurityProcessor implements SecurityProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(PolicySecurityProcessor.class);

  private final EndpointId nodeId;
  private final SecurityPolicy policy;
  private final SymmetricKeyStore keys;
  private final SecurityOperations ops;

  /** The agent's payload directory, or null: see the class comment. */
  private final Path payloadDirectory;

  private boolean warnedNoPayloadDirectory;

  /**
   * @param nodeId this node's ID: the security source of what it adds, and how it tells that it is
   *     a bundle's destination
   */
  public PolicySecurityProcessor(
      EndpointId nodeId, SecurityPolicy policy, SymmetricKeyStore keys, SecurityOperations ops) {
    this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
    if (!nodeId.isNodeId()) {
      throw new IllegalArgumentException(nodeId + " is not a node ID");
    }
    this.policy = Objects.requireNonNull(policy, "policy");
    this.keys = Objects.requireNonNull(keys, "keys");
    this.ops = Objects.requireNonNull(ops, "ops");
    this.payloadDirectory = ops.payloadDirectory().orElse(null);
  }

  /**
   * This processor (same node, policy and keys) for an agent whose payload directory ({@code
   * BundleProtocolAgent.Builder.payloadDirectory}) is {@code directory}: new payload files go
   * there, and become the agent's.
   */
  public PolicySecurityProcessor withPayloadDirectory(Path directory) {
    return new PolicySecurityProcessor(nodeId, policy, keys, ops.withPayloadDirectory(directory));
  }

  public PolicySecurityProcessor(EndpointId nodeId, SecurityPolicy policy, SymmetricKeyStore keys) {
    this(nodeId, policy, keys, new SecurityOperations());
  }

  // ---------------------------------------------------------------------------------------------
  // Security source

  @Override
  public SecurityOutcome beforeForwarding(Bundle bundle) {
    if (bundle.primary().isFragment()) {
      return new SecurityOutcome.Continue(bundle);
    }
    List<PolicyRule> rules =
        policy.rulesFor(Role.SOURCE, bundle.primary().source(), bundle.primary().destination());
    if (rules.isEmpty()) {
      return new SecurityOutcome.Continue(bundle);
    }
    NewFiles files = new NewFiles();
    try {
      BundleBlocks b = BundleBlocks.of(bundle);
      for (Service service : List.of(Service.INTEGRITY, Service.CONFIDENTIALITY)) {
        for (PolicyRule rule : rules) {
          if (rule.service() == service) {
            b = files.note(b, addOperation(b, rule));
          }
        }
      }
      Bundle result = finish(b);
      files.deleteAllBut(result);
      return new SecurityOutcome.Continue(result);
    } catch (BpsecException e) {
      files.deleteAllBut(null);
      LOG.warn("{}: cannot secure bundle {}: {}", nodeId, bundle.id(), e.getMessage());
      return new SecurityOutcome.Delete(e.reason());
    }
  }

  private BundleBlocks addOperation(BundleBlocks b, PolicyRule rule) {
    List<SecurityBlock> existing = ops.securityBlocks(b);
    List<Long> targets = new ArrayList<>();
    if (rule.covers(PolicyRule.PRIMARY_BLOCK)
        && SecurityOperations.integrityOf(existing, 0) == null) {
      targets.add(0L);
    }
    for (CanonicalBlock block : b.blocks()) {
      long n = block.number();
      if (rule.covers(block.type())
          && SecurityOperations.confidentialityOf(existing, n) == null
          && (rule.service() == Service.CONFIDENTIALITY
              || SecurityOperations.integrityOf(existing, n) == null)) {
        targets.add(n);
      }
    }
    if (targets.isEmpty()) {
      return b;
    }
    SecurityKey key = keys.get(rule.keyIds().get(0));
    LOG.debug("{}: {} adds {} over {}", nodeId, rule.name(), rule.service(), targets);
    if (rule.service() == Service.INTEGRITY) {
      SecurityKey hmacKey =
          rule.wrapKey() ? ops.freshKey(rule.shaVariant().algorithm().outputBytes()) : key;
      return ops.addIntegrity(
          b,
          new IntegrityRequest(
              targets,
              nodeId,
              rule.shaVariant(),
              rule.scopeFlags(),
              hmacKey,
              rule.wrapKey() ? key : null,
              0,
              BlockProcessingFlags.NONE));
    }
    SecurityKey cek = rule.wrapKey() ? ops.freshKey(rule.aesVariant().keyBytes()) : key;
    // one BCB per target: RFC 9173 has one IV per BCB, and a key must never meet an IV twice
    for (long t : targets) {
      b =
          ops.addConfidentiality(
              b,
              new ConfidentialityRequest(
                  List.of(t),
                  nodeId,
                  rule.aesVariant(),
                  rule.scopeFlags(),
                  cek,
                  rule.wrapKey() ? key : null,
                  null,
                  0,
                  BlockProcessingFlags.NONE));
    }
    return b;
  }

  // ---------------------------------------------------------------------------------------------
  // Security verifier and acceptor

  @Override
  public SecurityOutcome atReception(Bundle bundle) {
    if (bundle.primary().isFragment() || isForThisNode(bundle)) {
      return new SecurityOutcome.Continue(bundle);
    }
    return check(bundle, false);
  }

  @Override
  public SecurityOutcome atLocalDelivery(Bundle bundle) {
    return check(bundle, true);
  }

  private boolean isForThisNode(Bundle bundle) {
    EndpointId d = bundle.primary().destination();
    return !d.isNull() && d.nodeId().equals(nodeId);
  }

  /** Deletion of the target, or of the whole bundle, decided while checking. */
  private static final class Deletion extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient StatusReportReason reason;

    Deletion(StatusReportReason reason) {
      super(null, null, false, false);
      this.reason = reason;
    }
  }

  private SecurityOutcome check(Bundle bundle, boolean atDestination) {
    EndpointId src = bundle.primary().source();
    EndpointId dst = bundle.primary().destination();
    List<PolicyRule> rules = new ArrayList<>(policy.rulesFor(Role.ACCEPTOR, src, dst));
    rules.addAll(policy.rulesFor(Role.VERIFIER, src, dst));
    boolean hasSecurityBlocks =
        bundle.firstBlockOfType(BlockType.BLOCK_INTEGRITY).isPresent()
            || bundle.firstBlockOfType(BlockType.BLOCK_CONFIDENTIALITY).isPresent();
    if (rules.isEmpty() && (!hasSecurityBlocks || !atDestination)) {
      return new SecurityOutcome.Continue(bundle);
    }
    NewFiles files = new NewFiles();
    try {
      BundleBlocks b = BundleBlocks.of(bundle);
      Set<String> done = new HashSet<>();
      b = checkConfidentiality(b, rules, atDestination, done, files);
      b = checkIntegrity(b, rules, atDestination, done);
      b = checkRequired(b, rules, done);
      Bundle result = finish(b);
      files.deleteAllBut(result);
      return new SecurityOutcome.Continue(result);
    } catch (Deletion d) {
      files.deleteAllBut(null);
      return new SecurityOutcome.Delete(d.reason);
    } catch (BpsecException e) {
      files.deleteAllBut(null);
      LOG.warn("{}: deleting bundle {}: {}", nodeId, bundle.id(), e.getMessage());
      return new SecurityOutcome.Delete(e.reason());
    }
  }

  /**
   * The payload files this processor makes during one hook (encrypting or decrypting a file-backed
   * payload): each is kept only if the bundle the hook returns refers to it (see the class
   * comment).
   */
  private final class NewFiles {
    private final List<Path> made = new ArrayList<>(1);

    /**
     * {@code after}, noting its payload file if the operation that turned {@code before} into it
     * made one.
     */
    BundleBlocks note(BundleBlocks before, BundleBlocks after) {
      Path now = payloadPath(after.block(1));
      if (now != null && !now.equals(payloadPath(before.block(1))) && !made.contains(now)) {
        made.add(now);
        if (payloadDirectory == null && !warnedNoPayloadDirectory) {
          warnedNoPayloadDirectory = true;
          LOG.warn(
              "{}: a file-backed payload was encrypted or decrypted next to its file {}, without"
                  + " the agent's payload directory: give it with withPayloadDirectory(...), or"
                  + " files the bundles no longer refer to stay behind",
              nodeId,
              now);
        }
      }
      return after;
    }

    /** Deletes the files made in this hook that {@code result} (null: none) does not refer to. */
    void deleteAllBut(Bundle result) {
      Path kept = result == null ? null : payloadPath(result.payloadBlock());
      for (Path p : made) {
        if (!p.equals(kept)) {
          delete(p);
        }
      }
    }

    private void delete(Path file) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("{}: could not delete the payload file {}: {}", nodeId, file, e.toString());
      }
    }
  }

  private static Path payloadPath(CanonicalBlock payload) {
    return payload != null && payload.isFileBacked() ? payload.dataFile().path() : null;
  }

  private static PolicyRule ruleFor(List<PolicyRule> rules, Service service, long targetType) {
    for (PolicyRule r : rules) {
      if (r.service() == service && r.covers(targetType)) {
        return r;
      }
    }
    return null;
  }

  private static long typeOf(BundleBlocks b, long target) {
    if (target == 0) {
      return PolicyRule.PRIMARY_BLOCK;
    }
    CanonicalBlock block = b.block(target);
    return block == null ? -1 : block.type();
  }

  private BundleBlocks checkConfidentiality(
      BundleBlocks b,
      List<PolicyRule> rules,
      boolean atDestination,
      Set<String> done,
      NewFiles files) {
    boolean progress = true;
    while (progress) {
      progress = false;
      for (SecurityBlock bcb : ops.securityBlocks(b)) {
        if (bcb.isIntegrity()) {
          continue;
        }
        for (long target : bcb.asb().targets()) {
          long type = typeOf(b, target);
          // a BIB that a BCB encrypts goes with the BCB's other targets (RFC 9172 §3.9)
          PolicyRule rule =
              type == BlockType.BLOCK_INTEGRITY
                  ? ruleForAny(rules, b, bcb)
                  : ruleFor(rules, Service.CONFIDENTIALITY, type);
          if (rule == null) {
            if (atDestination) {
              LOG.warn(
                  "{}: deleting bundle: BCB {} on block {} and no rule lets this node decrypt",
                  nodeId,
                  bcb.number(),
                  target);
              throw new Deletion(StatusReportReason.UNEXPECTED_SECURITY_OPERATION);
            }
            continue;
          }
          try {
            BundleBlocks current = b;
            // a verifier rule's decrypted payload file is noted too, so it is deleted at the end
            BundleBlocks decrypted =
                files.note(
                    current,
                    tryKeys(
                        rule,
                        key ->
                            ops.acceptConfidentiality(current, bcb, target, key, !atDestination)));
            done.add("C" + type);
            if (rule.role() == Role.ACCEPTOR) {
              b = decrypted;
              progress = true;
              break;
            }
          } catch (BpsecException e) {
            b = fail(b, rule, target, type, e);
            progress = true;
            break;
          }
        }
        if (progress) {
          break;
        }
      }
    }
    return b;
  }

  private static PolicyRule ruleForAny(List<PolicyRule> rules, BundleBlocks b, SecurityBlock bcb) {
    for (long t : bcb.asb().targets()) {
      long type = typeOf(b, t);
      if (type != BlockType.BLOCK_INTEGRITY) {
        PolicyRule r = ruleFor(rules, Service.CONFIDENTIALITY, type);
        if (r != null) {
          return r;
        }
      }
    }
    return null;
  }

  private BundleBlocks checkIntegrity(
      BundleBlocks b, List<PolicyRule> rules, boolean atDestination, Set<String> done) {
    boolean progress = true;
    Set<String> verified = new HashSet<>();
    while (progress) {
      progress = false;
      List<SecurityBlock> blocks = ops.securityBlocks(b);
      for (SecurityBlock bib : blocks) {
        if (!bib.isIntegrity()) {
          continue;
        }
        for (long target : bib.asb().targets()) {
          if (SecurityOperations.confidentialityOf(blocks, target) != null
              || verified.contains(bib.number() + "/" + target)) {
            continue; // still ciphertext (RFC 9172 §3.9), or verified and kept already
          }
          long type = typeOf(b, target);
          PolicyRule rule = ruleFor(rules, Service.INTEGRITY, type);
          if (rule == null) {
            continue;
          }
          try {
            BundleBlocks current = b;
            if (rule.role() == Role.ACCEPTOR) {
              b =
                  tryKeys(
                      rule, key -> ops.acceptIntegrity(current, bib, target, key, !atDestination));
              done.add("I" + type);
              progress = true;
              break;
            }
            tryKeys(
                rule,
                key -> {
                  ops.verifyIntegrity(current, bib, target, key);
                  return current;
                });
            verified.add(bib.number() + "/" + target);
            done.add("I" + type);
          } catch (BpsecException e) {
            b = fail(b, rule, target, type, e);
            progress = true;
            break;
          }
        }
        if (progress) {
          break;
        }
      }
    }
    return b;
  }

  /** RFC 9172 §5.1.1-2: a target that policy says must be protected, but was not. */
  private BundleBlocks checkRequired(BundleBlocks b, List<PolicyRule> rules, Set<String> done) {
    for (PolicyRule rule : rules) {
      String prefix = rule.service() == Service.INTEGRITY ? "I" : "C";
      for (long type : rule.targetTypes()) {
        boolean present =
            type == PolicyRule.PRIMARY_BLOCK || b.blocks().stream().anyMatch(x -> x.type() == type);
        if (present && !done.contains(prefix + type)) {
          long target =
              type == PolicyRule.PRIMARY_BLOCK
                  ? 0
                  : b.blocks().stream()
                      .filter(x -> x.type() == type)
                      .findFirst()
                      .orElseThrow()
                      .number();
          b =
              fail(
                  b,
                  rule,
                  target,
                  type,
                  BpsecException.missing(
                      rule
                          + ": block type "
                          + type
                          + " has no "
                          + rule.service().name().toLowerCase()
                          + " operation"));
        }
      }
    }
    return b;
  }

  private interface KeyedOperation {
    BundleBlocks apply(SecurityKey key);
  }

  /** Tries the rule's keys in order (key rotation); the last failure wins. */
  private BundleBlocks tryKeys(PolicyRule rule, KeyedOperation op) {
    BpsecException last = null;
    for (String id : rule.keyIds()) {
      if (!keys.contains(id)) {
        continue;
      }
      try {
        return op.apply(keys.get(id));
      } catch (BpsecException e) {
        if (!e.reason().equals(StatusReportReason.FAILED_SECURITY_OPERATION)) {
          throw e;
        }
        last = e;
      }
    }
    throw last != null
        ? last
        : BpsecException.failed(rule + ": none of its keys is in the key store");
  }

  private BundleBlocks fail(
      BundleBlocks b, PolicyRule rule, long target, long type, BpsecException e) {
    if (rule.onFailure() == FailureAction.DELETE_BUNDLE
        || type == PolicyRule.PRIMARY_BLOCK
        || type == BlockType.PAYLOAD
        || target == 0
        || target == 1) {
      LOG.warn("{}: deleting bundle ({}): {}", nodeId, rule.name(), e.getMessage());
      throw new Deletion(e.reason());
    }
    LOG.warn("{}: discarding block {} ({}): {}", nodeId, target, rule.name(), e.getMessage());
    return ops.discardTarget(b, target);
  }

  /**
   * The bundle of {@code b}: a primary block that no BIB targets any more gets its CRC back (RFC
   * 9171 §4.3.1) once no security block is left that may cover it by scope.
   */
  private Bundle finish(BundleBlocks b) {
    if (b.primary().crcType() == CrcType.NONE
        && b.blocks().stream()
            .noneMatch(
                x ->
                    x.type() == BlockType.BLOCK_INTEGRITY
                        || x.type() == BlockType.BLOCK_CONFIDENTIALITY)) {
      b = b.withPrimary(b.primary().withCrcType(CrcType.CRC32C));
    }
    try {
      return b.toBundle();
    } catch (BundleFormatException e) {
      throw BpsecException.conflicting(
          "security processing left an invalid bundle: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "PolicySecurityProcessor["
        + nodeId
        + ", "
        + policy.rules().size()
        + " rules, "
        + keys
        + "]";
  }
}
