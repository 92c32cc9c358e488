package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bpsec.PolicyRule.FailureAction;
import org.starlane.bpsec.PolicyRule.Role;
import org.starlane.bpsec.PolicyRule.Service;

class SecurityPolicyTest {
  @TempDir Path dir;

  static Properties props(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }

  @Test
  void loadsRulesWithDefaults() throws IOException {
    Path f = dir.resolve("bpsec.properties");
    Files.writeString(
        f,
        """
        rule.sign.role = source
        rule.sign.service = integrity
        rule.sign.source = ipn:1.*
        rule.sign.targets = primary, payload, 192
        rule.sign.keys = k-2026, k-2025
        rule.seal.role = acceptor
        rule.seal.service = confidentiality
        rule.seal.destination = dtn://ground/*
        rule.seal.targets = payload
        rule.seal.variant = 1
        rule.seal.keys = kek
        rule.seal.wrap = true
        rule.seal.on-failure = delete-target
        """);
    SecurityPolicy policy = SecurityPolicy.load(f);
    assertThat(policy.rules()).hasSize(2);
    PolicyRule seal = policy.rules().get(0);
    assertThat(seal.name()).isEqualTo("seal");
    assertThat(seal.role()).isEqualTo(Role.ACCEPTOR);
    assertThat(seal.service()).isEqualTo(Service.CONFIDENTIALITY);
    assertThat(seal.variant()).isEqualTo(1);
    assertThat(seal.scopeFlags()).isEqualTo(7);
    assertThat(seal.wrapKey()).isTrue();
    assertThat(seal.onFailure()).isEqualTo(FailureAction.DELETE_TARGET);
    PolicyRule sign = policy.rules().get(1);
    assertThat(sign.targetTypes()).containsExactly(0L, 1L, 192L);
    assertThat(sign.variant()).isEqualTo(5);
    assertThat(sign.keyIds()).containsExactly("k-2026", "k-2025");
    assertThat(sign.onFailure()).isEqualTo(FailureAction.DELETE_BUNDLE);
    assertThat(
            policy.rulesFor(Role.SOURCE, EndpointId.parse("ipn:1.0"), EndpointId.parse("ipn:9.1")))
        .containsExactly(sign);
    assertThat(
            policy.rulesFor(Role.SOURCE, EndpointId.parse("ipn:2.0"), EndpointId.parse("ipn:9.1")))
        .isEmpty();
    assertThat(
            policy.rulesFor(
                Role.ACCEPTOR, EndpointId.parse("ipn:2.0"), EndpointId.parse("dtn://ground/x")))
        .containsExactly(seal);
  }

  @Test
  void rejectsATypoInAPropertyName() {
    assertThatThrownBy(
            () ->
                SecurityPolicy.of(
                    props(
                        "rule.a.role=source\nrule.a.servce=integrity\nrule.a.targets=payload\nrule.a.keys=k")))
        .hasMessageContaining("rule.a.servce");
  }

  @Test
  void rejectsAConfidentialityRuleOnThePrimaryBlock() {
    assertThatThrownBy(
            () ->
                SecurityPolicy.of(
                    props(
                        "rule.a.role=source\nrule.a.service=confidentiality\n"
                            + "rule.a.targets=primary\nrule.a.keys=k")))
        .hasMessageContaining("primary block");
  }

  @Test
  void rejectsAnUnknownVariantAndMissingKeys() {
    assertThatThrownBy(
            () ->
                SecurityPolicy.of(
                    props(
                        "rule.a.role=source\nrule.a.service=integrity\nrule.a.targets=payload\n"
                            + "rule.a.variant=9\nrule.a.keys=k")))
        .hasMessageContaining("SHA variant 9");
    assertThatThrownBy(
            () ->
                SecurityPolicy.of(
                    props("rule.a.role=source\nrule.a.service=integrity\nrule.a.targets=payload")))
        .hasMessageContaining("rule.a.keys");
  }

  @Test
  void eidPatternsMatchNodesAndExactEids() {
    assertThat(new EidPattern("ipn:5.*").matches(EndpointId.parse("ipn:5.7"))).isTrue();
    assertThat(new EidPattern("ipn:5.*").matches(EndpointId.parse("ipn:6.7"))).isFalse();
    assertThat(new EidPattern("dtn://sat/*").matches(EndpointId.parse("dtn://sat/tm"))).isTrue();
    assertThat(new EidPattern("ipn:5.1").matches(EndpointId.parse("ipn:5.2"))).isFalse();
    assertThat(EidPattern.ANY.matches(EndpointId.NONE)).isTrue();
    assertThatThrownBy(() -> new EidPattern("ipn:x.*"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
