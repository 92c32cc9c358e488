package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.RoutingDecision;
import org.starlane.bp.spi.SendResult;

class StaticRoutingTableTest {

  private record FakeLink(EndpointId peerNodeId) implements Link {
    @Override
    public boolean isUp() {
      return true;
    }

    @Override
    public CompletionStage<SendResult> send(Bundle bundle) {
      throw new UnsupportedOperationException();
    }
  }

  private static final Link TO_2 = new FakeLink(ipn(2, 0));
  private static final Link TO_4 = new FakeLink(ipn(4, 0));

  private static Bundle to(EndpointId destination) {
    return Bundle.of(
        PrimaryBlock.of(destination, ipn(1, 1), new CreationTimestamp(1, 0), 1000),
        CanonicalBlock.payload(ByteBuffer.allocate(1)));
  }

  private final StaticRoutingTable table =
      StaticRoutingTable.of("ipn:3.5", ipn(4, 0), "ipn:3.*", ipn(2, 0), "*", ipn(5, 0));

  @Test
  void exactEndpointRouteWinsWhenListedFirst() {
    assertThat(table.route(to(ipn(3, 5)), List.of(TO_2, TO_4), 0))
        .isEqualTo(new RoutingDecision.Forward(List.of(TO_4)));
  }

  @Test
  void nodeWildcardMatchesEveryServiceOfTheNode() {
    assertThat(table.route(to(ipn(3, 9)), List.of(TO_2, TO_4), 0))
        .isEqualTo(new RoutingDecision.Forward(List.of(TO_2)));
  }

  @Test
  void firstMatchWinsEvenWhenItsLinkIsDown() {
    assertThat(table.route(to(ipn(3, 5)), List.of(TO_2), 0))
        .isEqualTo(new RoutingDecision.WaitForLink(ipn(4, 0)));
  }

  @Test
  void defaultRouteMatchesAnyDestination() {
    assertThat(table.route(to(EndpointId.parse("dtn://far/away")), List.of(TO_2), 0))
        .isEqualTo(new RoutingDecision.WaitForLink(ipn(5, 0)));
  }

  @Test
  void noMatchingRouteIsNoRoute() {
    StaticRoutingTable narrow = StaticRoutingTable.of("ipn:3.*", ipn(2, 0));
    assertThat(narrow.route(to(ipn(7, 1)), List.of(TO_2), 0))
        .isInstanceOf(RoutingDecision.NoRoute.class);
  }

  @Test
  void rejectsANextHopThatIsNotANodeId() {
    assertThatThrownBy(() -> StaticRoutingTable.Route.of("*", ipn(2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ipn:2.1");
  }

  @Test
  void rejectsAMalformedPattern() {
    assertThatThrownBy(() -> StaticRoutingTable.Route.of("ipn:x.*", ipn(2, 0)))
        .isInstanceOf(RuntimeException.class);
  }
}
