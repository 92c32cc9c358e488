package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.starlane.bp.bundle.BundleCodec;

/**
 * The durability contract of {@link MvStoreBundleStore} under SIGKILL: a child JVM ({@link
 * MvStoreCrashChild}) stores bundles with many in flight and prints each ID only after its store
 * stage completed; it is killed at a random moment; the store is reopened and every acknowledged
 * bundle must be there, byte-identical, every acknowledged removal must stay removed, and nothing
 * damaged may be found. The store is kept across iterations, so each child also recovers what the
 * previous one's death left. SIGKILL does not simulate a power cut; that rests on the fsync per
 * group (docs/storage.md).
 */
class MvStoreBundleStoreCrashIT {
  private static final int ITERATIONS = 10;
  private static final int IN_FLIGHT = 512;

  @TempDir Path temp;

  /** What the check found after one kill. */
  record Verdict(
      int present, List<Long> lost, List<Long> resurrected, List<Long> corrupt, long dropped) {
    boolean passed() {
      return lost.isEmpty() && resurrected.isEmpty() && corrupt.isEmpty() && dropped == 0;
    }
  }

  /** What a child acknowledged before it died. */
  record Acknowledged(Set<Long> stored, Set<Long> removed) {}

  @Test
  void keepsEveryAcknowledgedBundleThroughSigkill() throws Exception {
    Path dir = temp.resolve("store");
    Random random = new Random(20240917);
    Set<Long> stored = new HashSet<>();
    Set<Long> removed = new HashSet<>();
    long acknowledgements = 0;
    for (int i = 0; i < ITERATIONS; i++) {
      Acknowledged acks = runAndKill(dir, (i + 1) * 1_000_000_000L, "durable", random);
      stored.addAll(acks.stored());
      removed.addAll(acks.removed());
      acknowledgements += acks.stored().size();
      Verdict v = check(dir, stored, removed);
      assertThat(v.passed()).as("iteration %d: %s", i, v).isTrue();
      assertThat(partFiles(dir)).as("left-over .part files after open").isEmpty();
    }
    assertThat(acknowledgements).as("acknowledgements checked").isGreaterThan(1000);
  }

  @Test
  void detectsAChildThatAcknowledgesBeforeTheStoreIsDurable() throws Exception {
    Random random = new Random(7);
    boolean detected = false;
    for (int i = 0; i < 4 && !detected; i++) {
      Path dir = temp.resolve("early" + i);
      Acknowledged acks = runAndKill(dir, 1_000_000_000L, "ack-early", random);
      detected = !check(dir, acks.stored(), acks.removed()).lost().isEmpty();
    }
    assertThat(detected).as("the check finds bundles acknowledged too early").isTrue();
  }

  @Test
  void checkReportsABundleRemovedBehindItsBack() throws Exception {
    Path dir = temp.resolve("store");
    Acknowledged acks = runAndKill(dir, 1_000_000_000L, "durable", new Random(3));
    long victim =
        acks.stored().stream()
            .filter(s -> !MvStoreCrashChild.removedAgain(s))
            .findFirst()
            .orElseThrow();
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      store.remove(MvStoreCrashChild.bundle(victim).id()).toCompletableFuture().join();
    }

    assertThat(check(dir, acks.stored(), acks.removed()).lost()).containsExactly(victim);
  }

  private Acknowledged runAndKill(Path dir, long first, String mode, Random random)
      throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    File acks = temp.resolve("acks-" + first + "-" + System.nanoTime() + ".txt").toFile();
    // stdout to a file, not a pipe read by a thread: a pipe loses the last lines at the kill
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                MvStoreCrashChild.class.getName(),
                dir.toString(),
                Long.toString(first),
                Integer.toString(IN_FLIGHT),
                mode)
            .redirectOutput(acks)
            .redirectError(
                ProcessBuilder.Redirect.appendTo(temp.resolve("child-stderr.txt").toFile()))
            .start();
    long start = System.nanoTime();
    if (random.nextInt(5) == 0) {
      Thread.sleep(100 + random.nextInt(900)); // may hit JVM start or the store's open
    } else {
      while (acks.length() == 0 && child.isAlive() && System.nanoTime() - start < 30_000_000_000L) {
        Thread.sleep(1);
      }
      Thread.sleep(random.nextInt(1500)); // under load
    }
    child.destroyForcibly(); // SIGKILL on Linux
    child.waitFor();
    Set<Long> stored = new HashSet<>();
    Set<Long> removed = new HashSet<>();
    for (String line : Files.readAllLines(acks.toPath(), StandardCharsets.US_ASCII)) {
      // a line cut by the kill has no newline: readAllLines still returns it, so check its width
      if (line.length() != 2 + Long.toString(first).length()) {
        continue;
      }
      long seq = Long.parseLong(line.substring(2));
      (line.charAt(0) == 'A' ? stored : removed).add(seq);
    }
    return new Acknowledged(stored, removed);
  }

  /**
   * Reopens the store: every acknowledged bundle that the child did not remove must be present and
   * byte-identical, every acknowledged removal must hold, and every bundle found must be one the
   * child stored, intact.
   */
  static Verdict check(Path dir, Set<Long> stored, Set<Long> removed) {
    Set<Long> present = new HashSet<>();
    List<Long> corrupt = new ArrayList<>();
    long dropped;
    try (MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE)) {
      store.forEach(
          s -> {
            long seq = s.id().creationTimestamp().sequenceNumber();
            present.add(seq);
            byte[] expected = BundleCodec.DEFAULT.encode(MvStoreCrashChild.bundle(seq).bundle());
            if (!Arrays.equals(BundleCodec.DEFAULT.encode(s.bundle()), expected)
                || !s.metadata().equals(MvStoreCrashChild.bundle(seq).metadata())) {
              corrupt.add(seq);
            }
          });
      dropped = store.droppedBundles();
    }
    List<Long> lost =
        stored.stream()
            .filter(s -> !MvStoreCrashChild.removedAgain(s) && !present.contains(s))
            .sorted()
            .toList();
    List<Long> resurrected = removed.stream().filter(present::contains).sorted().toList();
    return new Verdict(present.size(), lost, resurrected, corrupt, dropped);
  }

  private static List<Path> partFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir.resolve(MvStoreBundleStore.PAYLOAD_DIRECTORY))) {
      return s.filter(p -> p.toString().endsWith(".part")).toList();
    }
  }
}
