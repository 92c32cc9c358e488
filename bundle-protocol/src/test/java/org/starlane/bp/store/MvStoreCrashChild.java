package org.starlane.bp.store;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * The child JVM of {@link MvStoreBundleStoreCrashIT}: stores bundles forever with many in flight
 * and prints {@code A <seq>} only after a bundle's store stage completed, and {@code D <seq>} after
 * a removal completed (every third acknowledged bundle is removed again). Each line is flushed on
 * its own; stdout is a file. In mode {@code ack-early} (the negative control) it prints {@code A}
 * as soon as the store is asked, before durability, which the parent must detect.
 *
 * <p>Arguments: directory, first sequence number, bundles in flight, mode ({@code durable} or
 * {@code ack-early}).
 */
final class MvStoreCrashChild {
  private MvStoreCrashChild() {}

  /** Every bundle larger than this many sequence numbers goes to a payload file. */
  static final int LARGE_EVERY = 50;

  /** Whether the child removes this bundle again after its acknowledgement. */
  static boolean removedAgain(long seq) {
    return seq % 3 == 0;
  }

  /** The bundle with this sequence number: regenerated identically by the parent. */
  static StoredBundle bundle(long seq) {
    byte[] payload = new byte[seq % LARGE_EVERY == 0 ? 80_000 : 1024];
    new Random(seq).nextBytes(payload);
    Bundle b =
        Bundle.of(
                PrimaryBlock.of(
                    EndpointId.ipn(2, 1),
                    EndpointId.ipn(1, 0),
                    new CreationTimestamp(1_000, seq),
                    86_400_000),
                CanonicalBlock.payload(ByteBuffer.wrap(payload)))
            .withHopCount(new HopCount(30, seq % 30));
    return new StoredBundle(
        b,
        new BundleMetadata(seq, EndpointId.ipn(9, 0), Set.of(RetentionConstraint.FORWARD_PENDING)));
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    Semaphore inFlight = new Semaphore(Integer.parseInt(args[2]));
    boolean ackEarly = args[3].equals("ack-early");
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "US-ASCII");
    MvStoreBundleStore store = MvStoreBundleStore.open(dir, Long.MAX_VALUE);
    for (long seq = first; ; seq++) {
      inFlight.acquire();
      StoredBundle b = bundle(seq);
      long s = seq;
      if (ackEarly) {
        acknowledge(out, "A " + s);
      }
      store
          .store(b)
          .whenComplete(
              (result, fault) -> {
                inFlight.release();
                if (fault != null || result != StoreResult.STORED) {
                  System.err.println("store of " + s + " failed: " + result + " " + fault);
                  Runtime.getRuntime().halt(3);
                }
                if (!ackEarly) {
                  acknowledge(out, "A " + s);
                }
                if (removedAgain(s)) {
                  store
                      .remove(b.id())
                      .whenComplete(
                          (removed, f) -> {
                            if (f == null) {
                              acknowledge(out, "D " + s);
                            }
                          });
                }
              });
    }
  }

  private static void acknowledge(PrintStream out, String line) {
    synchronized (out) {
      out.print(line + "\n");
      out.flush();
    }
  }
}
