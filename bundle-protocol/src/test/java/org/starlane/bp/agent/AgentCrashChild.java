package org.starlane.bp.agent;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.EventLoopScheduler;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.SendResult;
import org.starlane.bp.store.MvStoreBundleStore;

/**
 * The child JVM of {@link BundleProtocolAgentCrashIT}: node 2's agent on a persistent store
 * receives bundles for its passive registration {@code ipn:2.5} (delivery deferred, so they stay in
 * the store) from a convergence layer, forever, many in flight. Every fourth ADU arrives as three
 * fragments, which the agent reassembles. It prints {@code A <seq> <part>} only once the agent
 * answered {@link ReceiveResult#ACCEPTED} for that bundle or fragment (part {@code 0} is a whole
 * bundle, {@code 1..3} the fragments), which is the moment a convergence layer would acknowledge
 * the transfer. Each line is flushed on its own; stdout is a file.
 *
 * <p>Arguments: store directory, first sequence number, bundles in flight.
 */
final class AgentCrashChild {
  private AgentCrashChild() {}

  static final long NODE = 2;
  static final EndpointId DESTINATION = EndpointId.ipn(NODE, 5);
  static final int FRAGMENTS = 3;

  /** Whether ADU {@code seq} arrives in fragments. */
  static boolean fragmented(long seq) {
    return seq % 4 == 0;
  }

  /** The payload of ADU {@code seq}: regenerated identically by the parent. */
  static byte[] payload(long seq) {
    SplittableRandom random = new SplittableRandom(seq);
    // every 25th is large enough (100 KB) for the store's payload files
    byte[] payload = new byte[seq % 25 == 0 ? 100_000 : 600 + random.nextInt(2_000)];
    random.nextBytes(payload);
    return payload;
  }

  /** The whole bundle carrying ADU {@code seq}. */
  static Bundle bundle(long seq) {
    return Bundle.of(
        PrimaryBlock.of(
            DESTINATION,
            EndpointId.ipn(1, 1),
            new CreationTimestamp(1_000_000, seq),
            // a century: recovery must not expire anything
            100L * 365 * 86_400_000),
        CanonicalBlock.payload(ByteBuffer.wrap(payload(seq))));
  }

  /** What goes over the link for ADU {@code seq}: the bundle, or its fragments in order. */
  static List<Bundle> parts(long seq) {
    Bundle whole = bundle(seq);
    if (!fragmented(seq)) {
      return List.of(whole);
    }
    int size = whole.payloadBlock().dataLength();
    // a limit that yields exactly three fragments: the overhead of a fragment is below 100 bytes
    Fragmentation f = Fragmentation.of(whole, size / FRAGMENTS + 1 + 100);
    List<Bundle> fragments = ((Fragmentation.Fragments) f).bundles();
    if (fragments.size() != FRAGMENTS) {
      throw new IllegalStateException(seq + ": " + fragments.size() + " fragments");
    }
    return fragments;
  }

  /** The link the bundles arrive over: only its peer's node ID matters. */
  static final Link FROM_NODE_1 =
      new Link() {
        @Override
        public EndpointId peerNodeId() {
          return EndpointId.ipn(1, 0);
        }

        @Override
        public boolean isUp() {
          return false;
        }

        @Override
        public OptionalLong maxBundleSizeBytes() {
          return OptionalLong.empty();
        }

        @Override
        public CompletionStage<SendResult> send(Bundle bundle) {
          return CompletableFuture.completedFuture(new SendResult.Refused("receive only"));
        }
      };

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Semaphore inFlight = new Semaphore(Integer.parseInt(args[2]));
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "US-ASCII");
    MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE);
    EventLoopScheduler scheduler = new EventLoopScheduler("agent");
    BundleProtocolAgent agent =
        BundleProtocolAgent.builder(NODE, scheduler)
            .store(store)
            .router(StaticRoutingTable.of())
            .build();
    agent.register(DESTINATION, bundle -> {}, false, DeliveryFailureAction.DEFER);
    agent.recover().join();
    for (long seq = first; ; seq++) {
      List<Bundle> parts = parts(seq);
      for (int i = 0; i < parts.size(); i++) {
        inFlight.acquire();
        String line = "A " + seq + " " + (parts.size() == 1 ? 0 : i + 1);
        agent
            .receive(parts.get(i), FROM_NODE_1)
            .whenComplete(
                (result, fault) -> {
                  inFlight.release();
                  if (result == ReceiveResult.ACCEPTED) {
                    synchronized (out) {
                      out.print(line + "\n");
                      out.flush();
                    }
                  } else {
                    System.err.println(line + ": " + result + " " + fault);
                  }
                });
      }
    }
  }
}
