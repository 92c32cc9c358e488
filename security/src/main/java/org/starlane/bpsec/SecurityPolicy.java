package org.starlane.bpsec;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bpsec.PolicyRule.FailureAction;
import org.starlane.bpsec.PolicyRule.Role;
import org.starlane.bpsec.PolicyRule.Service;

/**
 * A node's BPSec policy (RFC 9172 §7): the rules that say for which bundles this node adds,
 * verifies or accepts which security operations. Loaded from a properties file, one group of keys
 * per rule:
 *
 * <pre>
 * rule.sign.role        = source            # source | verifier | acceptor
 * rule.sign.service     = integrity         # integrity (BIB-HMAC-SHA2) | confidentiality (BCB-AES-GCM)
 * rule.sign.source      = ipn:1.*           # EID pattern: *, ipn:N.*, dtn://node/*, or an EID (default *)
 * rule.sign.destination = *                 # EID pattern (default *)
 * rule.sign.targets     = primary, payload  # primary, payload, or block type codes
 * rule.sign.variant     = 5                 # SHA variant 5/6/7 (default 5) or AES variant 1/3 (default 3)
 * rule.sign.scope       = 7                 # integrity or AAD scope flags (default 7)
 * rule.sign.keys        = hmac-2026, hmac-2025   # key IDs; the first signs, all are tried when checking
 * rule.sign.wrap        = false             # fresh per-bundle key wrapped with the first key
 * rule.sign.on-failure  = delete-bundle     # delete-bundle | delete-target
 * </pre>
 *
 * An unknown key or value is an error, so a typo never silently weakens the policy. Immutable and
 * thread-safe.
 *
 * @param rules the rules, in name order
 */
public record SecurityPolicy(List<PolicyRule> rules) {
  public static final SecurityPolicy NONE = new SecurityPolicy(List.of());

  private static final Set<String> FIELDS =
      Set.of(
          "role",
          "service",
          "source",
          "destination",
          "targets",
          "variant",
          "scope",
          "keys",
          "wrap",
          "on-failure");

  public SecurityPolicy {
    rules = List.copyOf(rules);
  }

  /** Loads a policy from a properties file (UTF-8). */
  public static SecurityPolicy load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    try {
      return of(p);
    } catch (IllegalArgumentException e) {
      throw new IOException("security policy " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * A policy from properties in the format above.
   *
   * @throws IllegalArgumentException naming the property that is wrong
   */
  public static SecurityPolicy of(Properties p) {
    Set<String> names = new TreeSet<>();
    for (String key : p.stringPropertyNames()) {
      String[] parts = key.split("\\.", 3);
      if (parts.length != 3 || !parts[0].equals("rule") || !FIELDS.contains(parts[2])) {
        throw new IllegalArgumentException(
            "unknown property '"
                + key
                + "' (expected rule.<name>.<"
                + String.join("|", new TreeSet<>(FIELDS))
                + ">)");
      }
      names.add(parts[1]);
    }
    List<PolicyRule> rules = new ArrayList<>();
    for (String name : names) {
      rules.add(rule(p, name));
    }
    return new SecurityPolicy(rules);
  }

  private static PolicyRule rule(Properties p, String name) {
    String prefix = "rule." + name + ".";
    Role role = enumValue(Role.class, required(p, prefix + "role"), prefix + "role");
    Service service = enumValue(Service.class, required(p, prefix + "service"), prefix + "service");
    List<Long> targets = new ArrayList<>();
    for (String t : required(p, prefix + "targets").split(",")) {
      targets.add(blockType(t.strip(), prefix + "targets"));
    }
    long variant =
        number(
            p.getProperty(prefix + "variant", service == Service.INTEGRITY ? "5" : "3"),
            prefix + "variant");
    int scope = (int) number(p.getProperty(prefix + "scope", "7"), prefix + "scope");
    List<String> keys = new ArrayList<>();
    for (String k : required(p, prefix + "keys").split(",")) {
      if (!k.isBlank()) {
        keys.add(k.strip());
      }
    }
    String wrap = p.getProperty(prefix + "wrap", "false").strip();
    if (!wrap.equals("true") && !wrap.equals("false")) {
      throw new IllegalArgumentException(prefix + "wrap must be true or false, not '" + wrap + "'");
    }
    FailureAction onFailure =
        enumValue(
            FailureAction.class,
            p.getProperty(prefix + "on-failure", "delete-bundle"),
            prefix + "on-failure");
    return new PolicyRule(
        name,
        role,
        service,
        new EidPattern(p.getProperty(prefix + "source", "*")),
        new EidPattern(p.getProperty(prefix + "destination", "*")),
        targets,
        variant,
        scope,
        keys,
        wrap.equals("true"),
        onFailure);
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("missing property '" + key + "'");
    }
    return v.strip();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String text, String key) {
    try {
      return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": unknown value '" + text + "'");
    }
  }

  private static long number(String text, String key) {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": '" + text + "' is not a number");
    }
  }

  private static long blockType(String text, String key) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "primary" -> PolicyRule.PRIMARY_BLOCK;
      case "payload" -> BlockType.PAYLOAD;
      case "bundle-age" -> BlockType.BUNDLE_AGE;
      case "hop-count" -> BlockType.HOP_COUNT;
      case "previous-node" -> BlockType.PREVIOUS_NODE;
      default -> number(text, key);
    };
  }

  /**
   * The rules of {@code role} that apply to a bundle from {@code source} to {@code destination}.
   */
  public List<PolicyRule> rulesFor(
      Role role,
      org.starlane.bp.eid.EndpointId source,
      org.starlane.bp.eid.EndpointId destination) {
    List<PolicyRule> result = new ArrayList<>();
    for (PolicyRule r : rules) {
      if (r.role() == role && r.matches(source, destination)) {
        result.add(r);
      }
    }
    return result;
  }
}
