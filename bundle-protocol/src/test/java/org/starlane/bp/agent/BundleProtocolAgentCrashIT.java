package org.starlane.bp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.spi.EventLoopScheduler;
import org.starlane.bp.store.MvStoreBundleStore;

/**
 * The durability contract at the agent (docs/storage.md), under SIGKILL: a child JVM ({@link
 * AgentCrashChild}) runs an agent on a persistent store that receives bundles and fragments under
 * load and prints each one only after the agent answered "accepted" (when a convergence layer would
 * acknowledge the transfer). It is killed at a random moment. Then an agent is started on the same
 * store, with the application registered and active, and recovers: every ADU whose bundle, or all
 * of whose fragments, were acknowledged must be delivered, byte-identical, exactly once; nothing
 * else may be delivered, and in particular no fragment and no partly reassembled bundle. The store
 * is kept across iterations, so each child also recovers what earlier deaths left (incomplete
 * fragment sets stay, reassembly pending).
 */
class BundleProtocolAgentCrashIT {
  private static final int ITERATIONS = 8;
  private static final int IN_FLIGHT = 256;

  @TempDir Path temp;

  @Test
  void deliversEveryAcknowledgedBundleWholeAfterSigkillAndNothingPartial() throws Exception {
    Path dir = temp.resolve("store");
    Random random = new Random(20261202);
    Set<Long> deliveredEver = new HashSet<>();
    long acknowledgedAdus = 0;
    long fragmentedAdusDelivered = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      long first = (i + 1) * 1_000_000_000L;
      Map<Long, Set<Integer>> acks = runAndKill(dir, first, random);
      Set<Long> required = new HashSet<>();
      acks.forEach(
          (seq, parts) -> {
            if (parts.contains(0) || parts.size() == AgentCrashChild.FRAGMENTS) {
              required.add(seq);
            }
          });
      acknowledgedAdus += required.size();

      List<Bundle> delivered = recoverAndDeliver(dir, required);

      List<Long> seqs = new ArrayList<>();
      for (Bundle b : delivered) {
        long seq = b.id().creationTimestamp().sequenceNumber();
        assertThat(b.primary().isFragment()).as("iteration %d: %s is a fragment", i, b).isFalse();
        assertThat(b.primary().destination()).isEqualTo(AgentCrashChild.DESTINATION);
        assertThat(seq).as("iteration %d: %s was never sent", i, b).isGreaterThanOrEqualTo(first);
        assertThat(bytes(b.payloadBlock().data()))
            .as("iteration %d: payload of %s", i, b)
            .isEqualTo(AgentCrashChild.payload(seq));
        seqs.add(seq);
        if (AgentCrashChild.fragmented(seq)) {
          fragmentedAdusDelivered++;
        }
      }
      assertThat(seqs).as("iteration %d: delivered twice", i).doesNotHaveDuplicates();
      assertThat(seqs)
          .as("iteration %d: delivered again after an earlier recovery", i)
          .filteredOn(deliveredEver::contains)
          .isEmpty();
      assertThat(seqs).as("iteration %d: acknowledged but not delivered", i).containsAll(required);
      deliveredEver.addAll(seqs);
    }
    assertThat(acknowledgedAdus).as("ADUs acknowledged").isGreaterThan(1000);
    assertThat(fragmentedAdusDelivered).as("reassembled ADUs checked").isGreaterThan(100);
  }

  /** Starts a child, kills it at a random moment, returns the parts it acknowledged per ADU. */
  private Map<Long, Set<Integer>> runAndKill(Path dir, long first, Random random)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File acks = temp.resolve("acks-" + first + ".txt").toFile();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                AgentCrashChild.class.getName(),
                dir.toString(),
                Long.toString(first),
                Integer.toString(IN_FLIGHT))
            // stdout to a file, not a pipe read by a thread: a pipe loses the last lines at the
            // kill
            .redirectOutput(acks)
            .redirectError(
                ProcessBuilder.Redirect.appendTo(temp.resolve("child-stderr.txt").toFile()))
            .start();
    long start = System.nanoTime();
    while (acks.length() == 0 && child.isAlive() && System.nanoTime() - start < 60_000_000_000L) {
      Thread.sleep(1);
    }
    Thread.sleep(300 + random.nextInt(1500)); // under load
    child.destroyForcibly(); // SIGKILL on Linux
    child.waitFor();
    assertThat(acks.length())
        .as("the child acknowledged something (see child-stderr.txt)")
        .isPositive();
    int width = "A ".length() + Long.toString(first).length() + " 0".length();
    Map<Long, Set<Integer>> parts = new HashMap<>();
    for (String line : Files.readAllLines(acks.toPath(), StandardCharsets.US_ASCII)) {
      // a line cut by the kill has no newline: readAllLines still returns it, so check its width
      if (line.length() != width) {
        continue;
      }
      long seq = Long.parseLong(line.substring(2, width - 2));
      parts.computeIfAbsent(seq, s -> new HashSet<>()).add(line.charAt(width - 1) - '0');
    }
    return parts;
  }

  /**
   * Opens the store under a new agent with the application active; returns what it delivered once
   * it delivered every ADU of {@code required} and nothing more for a while (or after a minute).
   */
  private static List<Bundle> recoverAndDeliver(Path dir, Set<Long> required) throws Exception {
    List<Bundle> delivered = new ArrayList<>();
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE);
        EventLoopScheduler scheduler = new EventLoopScheduler("recovery")) {
      BundleProtocolAgent agent =
          BundleProtocolAgent.builder(AgentCrashChild.NODE, scheduler)
              .store(store)
              .router(StaticRoutingTable.of())
              .build();
      agent.register(
          AgentCrashChild.DESTINATION, delivered::add, true, DeliveryFailureAction.DEFER);
      agent.recover().join();
      // reassembled bundles are stored before they are delivered: wait until everything required
      // is there (or a minute passed) and nothing more arrives for a while
      long deadline = System.nanoTime() + 60_000_000_000L;
      int quiet = 0;
      int lastSize = -1;
      List<Bundle> copy = List.of();
      while (System.nanoTime() < deadline && quiet < 100) {
        CompletableFuture<List<Bundle>> snapshot = new CompletableFuture<>();
        scheduler.execute(() -> snapshot.complete(List.copyOf(delivered)));
        copy = snapshot.join();
        boolean complete =
            copy.stream()
                .map(b -> b.id().creationTimestamp().sequenceNumber())
                .collect(Collectors.toSet())
                .containsAll(required);
        quiet = complete && copy.size() == lastSize ? quiet + 1 : 0;
        lastSize = copy.size();
        Thread.sleep(2);
      }
      return copy;
    }
  }

  private static byte[] bytes(ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.duplicate().get(b);
    return b;
  }
}
