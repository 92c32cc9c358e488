package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.starlane.bp.eid.EndpointId.ipn;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;
import org.starlane.bp.spi.VirtualTimeScheduler;

/**
 * Reassembly keeps the durability contract (RFC 9171 §5.9, docs/storage.md): the fragments of an
 * ADU leave the store only after the reassembled bundle is in it, so that a crash in between loses
 * nothing that was acknowledged.
 */
class ReassemblyDurabilityTest {
  private final VirtualTimeScheduler time = new VirtualTimeScheduler();

  /** An in-memory store whose stores of whole (non-fragment) bundles complete when told to. */
  static final class SlowForWholeBundles extends DelegatingStore {
    final List<Runnable> held = new ArrayList<>();

    @Override
    public CompletionStage<StoreResult> store(StoredBundle bundle) {
      if (bundle.bundle().primary().isFragment()) {
        return delegate.store(bundle);
      }
      CompletableFuture<StoreResult> later = new CompletableFuture<>();
      held.add(() -> delegate.store(bundle).thenAccept(later::complete));
      return later;
    }
  }

  @Test
  void keepsTheFragmentsStoredUntilTheReassembledBundleIsStored() {
    SlowForWholeBundles store = new SlowForWholeBundles();
    BundleProtocolAgent agent =
        BundleProtocolAgent.builder(2, time).store(store).router(StaticRoutingTable.of()).build();
    List<Bundle> delivered = new ArrayList<>();
    agent.register(ipn(2, 1), delivered::add, true, DeliveryFailureAction.DEFER);
    Bundle whole =
        Bundle.of(
            PrimaryBlock.of(
                ipn(2, 1), ipn(1, 1), new CreationTimestamp(time.dtnTimeMillis(), 1), 3_600_000),
            CanonicalBlock.payload(ByteBuffer.wrap(new byte[900])));
    List<Bundle> fragments = ((Fragmentation.Fragments) Fragmentation.of(whole, 400)).bundles();
    assertThat(fragments).hasSizeGreaterThan(1);

    for (Bundle f : fragments) {
      agent.receive(f, AgentCrashChild.FROM_NODE_1);
    }
    time.runUntil(time.nowMillis());

    assertThat(store.held).as("the reassembled bundle is being stored").hasSize(1);
    assertThat(store.list())
        .extracting(StoredBundle::id)
        .containsExactlyInAnyOrderElementsOf(fragments.stream().map(Bundle::id).toList());
    assertThat(delivered).isEmpty();

    store.held.get(0).run();
    time.runUntil(time.nowMillis());

    assertThat(delivered).singleElement().satisfies(b -> assertThat(b.id()).isEqualTo(whole.id()));
    assertThat(store.list()).isEmpty();
  }
}
