package org.starlane.bp.eid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EidCodec.decode;
import static org.starlane.bp.eid.EidCodec.encode;
import static org.starlane.bp.eid.EidCodec.rejection;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.starlane.bp.cbor.CborException;

/** The {@code dtn} scheme and {@code dtn:none}: RFC 9171 §4.2.5.1.1. */
class DtnEndpointTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "dtn://node/svc, node, svc",
    "dtn://node/, node, ''",
    "dtn://node/~group, node, ~group",
    "dtn://node/a/b/c, node, a/b/c",
    "dtn://node//, node, /",
    "dtn://node/svc?x=1#f, node, svc?x=1#f",
    "dtn://node%41%2f/x, node%41%2f, x",
    "dtn://1.2.3.4/, 1.2.3.4, ''",
  })
  void parsesAndFormatsTheTextForm(String text, String nodeName, String demux) {
    DtnEndpoint eid = (DtnEndpoint) EndpointId.parse(text);
    assertThat(eid.nodeName()).isEqualTo(nodeName);
    assertThat(eid.demux()).isEqualTo(demux);
    assertThat(eid).hasToString(text).isEqualTo(new DtnEndpoint(nodeName, demux));
    assertThat(eid.schemeCode()).isEqualTo(EndpointId.SCHEME_DTN);
    assertThat(eid.isNull()).isFalse();
  }

  @Test
  void acceptsEveryUnreservedAndSubDelimiterCharacterInANodeName() {
    String nodeName = "A-b.c_d~e!$&'()*+,;=9";
    EndpointId eid = EndpointId.parse("dtn://" + nodeName + "/!~");
    assertThat(eid).isEqualTo(new DtnEndpoint(nodeName, "!~"));
    assertThat(eid).hasToString("dtn://" + nodeName + "/!~");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "dtn:",
        "dtn:/",
        "dtn:node/svc",
        "dtn:/node/svc",
        "dtn://",
        "dtn://node",
        "dtn:///svc", // empty node name
        "dtn://no de/",
        "dtn://node:4556/", // ':' is not in reg-name
        "dtn://user@node/",
        "dtn://[::1]/",
        "dtn://n\u00f6de/", // reg-name is ASCII; IRIs are not endpoint IDs
        "dtn://node%/",
        "dtn://node%4/",
        "dtn://node%zz/",
        "dtn://node%4g/",
        "dtn://node/a b", // demux is *VCHAR
        "dtn://node/\t",
        "dtn://node/\u00fc",
        "dtn://node/\u007f",
        "dtn:none/",
        "dtn:None",
        "dtn:nonex",
        "DTN://node/",
      })
  void rejectsTextOutsideTheRfc9171Syntax(String text) {
    assertThatThrownBy(() -> EndpointId.parse(text)).isInstanceOf(EndpointIdFormatException.class);
  }

  @Test
  void explainsWhatIsWrongWithANodeName() {
    assertThatThrownBy(() -> EndpointId.parse("dtn:///svc"))
        .hasMessage("dtn endpoint ID has an empty node name");
    assertThatThrownBy(() -> EndpointId.parse("dtn://node%4g/"))
        .hasMessage(
            "dtn node name 'node%4g' has a '%' at index 4 that two hex digits do not follow");
    assertThatThrownBy(() -> EndpointId.parse("dtn://no de/"))
        .hasMessage("dtn node name 'no de' has an invalid character ' ' at index 2");
    assertThatThrownBy(() -> EndpointId.parse("dtn://node"))
        .hasMessage("'dtn://node' has no '/' after the node name (a node ID is dtn://node/)");
  }

  @Test
  void rejectsInvalidPartsOnConstruction() {
    assertThatThrownBy(() -> new DtnEndpoint("", "x"))
        .isInstanceOf(EndpointIdFormatException.class);
    assertThatThrownBy(() -> new DtnEndpoint("a/b", "x"))
        .isInstanceOf(EndpointIdFormatException.class);
    assertThatThrownBy(() -> new DtnEndpoint("node", "a b"))
        .isInstanceOf(EndpointIdFormatException.class)
        .hasMessage("dtn demux 'a b' has a character that is not visible ASCII at index 1");
  }

  @Test
  void encodesTheSchemeSpecificPartAsATextString() {
    // [1, "//node/svc"]: "//node/svc" is 10 bytes, so text string header 0x6a
    String hex = "82 01 6a " + hexOf("//node/svc");
    assertThat(encode(EndpointId.parse("dtn://node/svc"))).isEqualTo(hex.replace(" ", ""));
    assertThat(decode(hex)).isEqualTo(new DtnEndpoint("node", "svc"));
    assertThat(encode(EndpointId.parse("dtn://node/"))).isEqualTo("820167" + hexOf("//node/"));
  }

  @Test
  void encodesTheNullEndpointAsTheInteger0() {
    assertThat(encode(EndpointId.NONE)).isEqualTo("820100");
    assertThat(decode("82 01 00")).isSameAs(EndpointId.NONE);
    assertThat(decode("82 01 1800")).isSameAs(EndpointId.NONE);
    assertThat(EndpointId.parse("dtn:none")).isSameAs(EndpointId.NONE).hasToString("dtn:none");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "82 01 01, 2, dtn scheme SSP integer must be 0 (dtn:none), found 1",
    "82 01 64 6e6f6e65, 2, 'not a dtn endpoint ID: expected dtn:none or dtn://node/demux'",
    "82 01 60, 2, 'not a dtn endpoint ID: expected dtn:none or dtn://node/demux'",
    "82 01 66 2f2f6e6f6465, 2, has no '/' after the node name",
    "82 01 68 2f2f6ec3b6642f78, 2, has an invalid character",
    "82 01 64 2f2f2f78, 2, dtn endpoint ID has an empty node name",
    "82 01 62 2f2f, 2, has no '/' after the node name",
    "82 01 63 2f2fc3, 2, text string is not valid UTF-8",
    "82 01 43 2f2f2f, 2, 'expected a text string, found a byte string (initial byte 0x43)'",
    "82 01 f6, 2, 'expected a text string, found a simple value or float (initial byte 0xf6)'",
    "82 01 20, 2, 'expected a text string, found a negative integer (initial byte 0x20)'",
  })
  void rejectsMalformedDtnSchemeSpecificPartsAtTheirOffset(
      String hex, long offset, String problem) {
    CborException e = rejection(hex);
    assertThat(e.problem()).contains(problem);
    assertThat(e.offset()).isEqualTo(offset);
  }

  @Test
  void identifiesNodeIdsAndNonSingletonEndpoints() {
    DtnEndpoint service = new DtnEndpoint("node", "svc");
    assertThat(service.isNodeId()).isFalse();
    assertThat(service.nodeId()).isEqualTo(new DtnEndpoint("node", ""));
    assertThat(service.nodeId().isNodeId()).isTrue();
    DtnEndpoint nodeId = new DtnEndpoint("node", "");
    assertThat(nodeId.nodeId()).isSameAs(nodeId);
    assertThat(new DtnEndpoint("node", "~all").isNonSingleton()).isTrue();
    assertThat(service.isNonSingleton()).isFalse();
    assertThat(new DtnEndpoint("node", "a~").isNonSingleton()).isFalse();
  }

  @Test
  void treatsDtnNoneAsTheNullEndpointThatNamesNoNode() {
    EndpointId none = EndpointId.NONE;
    assertThat(none.isNull()).isTrue();
    assertThat(none.isNodeId()).isFalse();
    assertThat(none.schemeCode()).isEqualTo(EndpointId.SCHEME_DTN);
    assertThatThrownBy(none::nodeId).isInstanceOf(IllegalStateException.class);
  }

  private static String hexOf(String ascii) {
    StringBuilder hex = new StringBuilder();
    for (byte b : ascii.getBytes(StandardCharsets.US_ASCII)) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }
}
