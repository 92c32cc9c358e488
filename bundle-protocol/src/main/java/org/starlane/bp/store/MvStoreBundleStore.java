package org.starlane.bp.store;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.DtnException;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.Crc;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.cbor.CborWriter;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * A persistent, crash-safe {@link BundleStore} (RFC 9171 §5: the bundles a node has a retention
 * constraint on) on H2 MVStore, with large bundles in files. See docs/storage.md for why this
 * engine and how it was tested.
 *
 * <h2>Durability contract</h2>
 *
 * <ul>
 *   <li>When the stage returned by {@link #store} completes with {@link StoreResult.Stored}, the
 *       bundle and its metadata are on disk and forced ({@code fsync}): the bundle survives {@code
 *       kill -9}, a crash of the operating system and a power cut (as far as the disk honours
 *       {@code fsync}). So once the agent has told anyone that it holds a bundle (which it does
 *       only after this stage completed), the bundle survives. When the stage returned by {@link
 *       #remove} completes, the removal is durable in the same way.
 *   <li>Nothing half-written is ever handed out: each bundle's record carries the length and CRC32C
 *       of its encoded bytes, and {@link #load} and {@link #forEach} check them and decode the
 *       bundle with {@link BundleCodec}. A bundle that fails the check is logged at ERROR, removed
 *       from the store and counted in {@link #droppedBundles()}; it is never returned.
 *   <li>A bundle whose store stage has not completed when the process dies may or may not be there
 *       after a restart, but if it is, it is complete.
 * </ul>
 *
 * <h2>How</h2>
 *
 * One MVStore file, {@code bundles.mv}, opened with the background writer disabled ({@code
 * autoCommitDisabled}: with H2's background writer, {@code commit()} could return before the data
 * was written, see docs/storage.md), holds two maps keyed by the bundle ID: {@code metadata} (a
 * small record: the agent's metadata, the encoded length and CRC32C, where the bytes are) and
 * {@code payload} (the encoded bundle, for bundles up to the file threshold). A bundle above the
 * threshold goes to {@code payload/<n>.bin}: written as {@code <n>.part}, forced, renamed, the
 * directory forced, and only then is its record committed. A removal commits the record's removal,
 * then unlinks the file. On open, {@code *.part} files and {@code .bin} files that no record names
 * are deleted; the metadata is the authority.
 *
 * <p>Group commit: one writer thread ({@code bundle-store-writer}) drains the queue of pending
 * stores and removals (up to {@value #MAX_GROUP} at a time), applies them, and makes the whole
 * group durable with one {@code commit()} and one {@code sync()}; then the group's stages complete.
 * The quota (bytes of encoded bundles) is checked when {@link #store} is called, counting the
 * bundles still queued.
 *
 * <p>Thread-safe. The stages returned by {@link #store} and {@link #remove} complete on the store's
 * acknowledgement thread ({@code bundle-store-ack}): dependent actions should hand work to their
 * own thread and must not block. {@link #store} and {@link #remove} encode on the calling thread
 * and may look up the existing record of the same ID (normally in MVStore's page cache). {@link
 * #load} and {@link #forEach} read on the calling thread and may block on I/O; when a bundle fails
 * its check they wait for the writer thread to check it again, so they must not be called from a
 * stage's dependent action.
 */
public final class MvStoreBundleStore implements BundleStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MvStoreBundleStore.class);

  /** The default size above which an encoded bundle goes to its own file: 64 KiB. */
  public static final int DEFAULT_FILE_THRESHOLD_BYTES = 64 * 1024;

  /** The most operations the writer makes durable with one commit. */
  static final int MAX_GROUP = 4096;

  static final String STORE_FILE = "bundles.mv";
  static final String PAYLOAD_DIRECTORY = "payload";
  private static final String PART = ".part";
  private static final String BIN = ".bin";

  /** How long the writer waits for work before it does housekeeping. */
  private static final long IDLE_MILLIS = 50;

  /** Housekeeping: rewrite chunks less full than this (percent) ... */
  private static final int COMPACT_FILL_RATE = 80;

  /** ... writing at most about this many bytes at a time. */
  private static final int COMPACT_WRITE_BYTES = 16 << 20;

  /** Under sustained load, also do housekeeping after this many groups. */
  private static final int GROUPS_PER_HOUSEKEEPING = 256;

  private final Path directory;
  private final Path payloadDirectory;
  private final long quotaBytes;
  private final int fileThresholdBytes;
  private final BundleCodec codec;
  private final MVStore mv;
  private final MVMap<byte[], byte[]> records;
  private final MVMap<byte[], byte[]> payloads;
  private final LinkedBlockingQueue<Op> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final ExecutorService acknowledger;
  private final AtomicLong dropped = new AtomicLong();

  /** Guarded by {@code this}: bytes of stored and queued bundles. */
  private long usedBytes;

  /**
   * Guarded by {@code this}: for each key with queued operations, its length once they are done.
   */
  private final Map<ByteBuffer, Pending> pending = new HashMap<>();

  /** Guarded by {@code this}: no more operations are accepted. */
  private boolean closed;

  /** Guarded by {@code this}: the fault that stopped the writer, or null. */
  private Throwable failure;

  /** Confined to the writer thread (after the constructor). */
  private long nextFileNumber;

  private long groupsSinceHousekeeping;
  private boolean changedSinceHousekeeping;

  private static final class Pending {
    long length; // -1: absent
    int operations;
  }

  private sealed interface Op {
    byte[] key();
  }

  /**
   * Stores a bundle: {@code encoded} is the whole bundle, or, when {@code data} is not null, its
   * head (the bundle with an empty payload) and {@code data} its file-backed payload.
   */
  private record Put(
      byte[] key,
      byte[] encoded,
      PayloadFile data,
      BundleRecord record,
      CompletableFuture<StoreResult> done)
      implements Op {}

  private record Remove(byte[] key, boolean existed, CompletableFuture<Boolean> done)
      implements Op {}

  /** Re-reads a bundle on the writer thread, where nothing changes under the reader. */
  private record Verify(byte[] key, CompletableFuture<Optional<StoredBundle>> done) implements Op {}

  private record Stop() implements Op {
    @Override
    public byte[] key() {
      return null;
    }
  }

  private static final Stop STOP = new Stop();

  private MvStoreBundleStore(
      Path directory, long quotaBytes, int fileThresholdBytes, BundleCodec codec) {
    this.directory = directory;
    this.payloadDirectory = directory.resolve(PAYLOAD_DIRECTORY);
    this.quotaBytes = quotaBytes;
    this.fileThresholdBytes = fileThresholdBytes;
    this.codec = codec;
    try {
      Files.createDirectories(payloadDirectory);
    } catch (IOException e) {
      throw new BundleStoreException("could not create " + payloadDirectory, e);
    }
    this.mv =
        new MVStore.Builder()
            .fileName(directory.resolve(STORE_FILE).toString())
            .autoCommitDisabled()
            .open();
    try {
      // every commit is forced, so chunks a committed version no longer uses need not be kept
      mv.setRetentionTime(0);
      this.records = openMap("metadata");
      this.payloads = openMap("payload");
      recoverOnOpen();
    } catch (RuntimeException e) {
      mv.closeImmediately();
      throw e;
    }
    this.acknowledger =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "bundle-store-ack");
              t.setDaemon(true);
              return t;
            });
    this.writer = new Thread(this::runWriter, "bundle-store-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Opens (or creates) the store in {@code directory} with the default file threshold.
   *
   * @see #open(Path, long, int)
   */
  public static MvStoreBundleStore open(Path directory, long quotaBytes) {
    return open(directory, quotaBytes, DEFAULT_FILE_THRESHOLD_BYTES);
  }

  /**
   * Opens (or creates) the store in {@code directory}: recovers its state, deletes payload files
   * left over by a crash and drops records that are damaged (logged at ERROR). Blocks on I/O.
   *
   * @param directory where the store keeps {@code bundles.mv} and {@code payload/}; created if
   *     absent
   * @param quotaBytes the most bytes of encoded bundles to hold
   * @param fileThresholdBytes an encoded bundle longer than this goes to its own file
   * @throws IllegalArgumentException if {@code quotaBytes} or {@code fileThresholdBytes} is
   *     negative
   * @throws BundleStoreException if the store cannot be opened
   */
  public static MvStoreBundleStore open(Path directory, long quotaBytes, int fileThresholdBytes) {
    if (quotaBytes < 0) {
      throw new IllegalArgumentException("quota " + quotaBytes + " bytes < 0");
    }
    if (fileThresholdBytes < 0) {
      throw new IllegalArgumentException("file threshold " + fileThresholdBytes + " bytes < 0");
    }
    try {
      return new MvStoreBundleStore(directory, quotaBytes, fileThresholdBytes, BundleCodec.DEFAULT);
    } catch (DtnException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BundleStoreException("could not open the bundle store in " + directory, e);
    }
  }

  private MVMap<byte[], byte[]> openMap(String name) {
    return mv.openMap(
        name,
        new MVMap.Builder<byte[], byte[]>()
            .keyType(ByteArrayDataType.INSTANCE)
            .valueType(ByteArrayDataType.INSTANCE));
  }

  // ---------------------------------------------------------------------------------------------
  // Open

  private void recoverOnOpen() {
    Set<Long> files = new HashSet<>();
    List<byte[]> damaged = new ArrayList<>();
    long used = 0;
    long count = 0;
    long maxFile = 0;
    Cursor<byte[], byte[]> c = records.cursor(null);
    while (c.hasNext()) {
      byte[] key = c.next();
      try {
        BundleRecord r = BundleRecord.decode(c.getValue());
        used += r.sizeBytes();
        count++;
        if (r.inFile()) {
          files.add(r.payloadFile());
          maxFile = Math.max(maxFile, r.payloadFile());
        }
      } catch (DtnException | IllegalArgumentException e) {
        LOG.error("{}: dropped a bundle whose record is damaged: {}", directory, e.getMessage());
        damaged.add(key);
      }
    }
    for (byte[] key : damaged) {
      records.remove(key);
      payloads.remove(key);
      dropped.incrementAndGet();
    }
    int deletedFiles = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(payloadDirectory)) {
      for (Path p : entries) {
        String name = p.getFileName().toString();
        long number = fileNumber(name);
        if (name.endsWith(PART) || (name.endsWith(BIN) && !files.contains(number))) {
          Files.deleteIfExists(p);
          deletedFiles++;
        }
        maxFile = Math.max(maxFile, number);
      }
    } catch (IOException e) {
      throw new BundleStoreException("could not clean up " + payloadDirectory, e);
    }
    if (!damaged.isEmpty()) {
      mv.commit();
      mv.sync();
    }
    nextFileNumber = maxFile + 1;
    usedBytes = used;
    LOG.info(
        "{}: opened with {} bundles, {} bytes; deleted {} left-over payload files",
        directory,
        count,
        used,
        deletedFiles);
  }

  /** The number in a payload file's name ({@code 12.bin}, {@code 12.part}), or 0 if none. */
  private static long fileNumber(String name) {
    int dot = name.indexOf('.');
    try {
      return dot > 0 ? Long.parseLong(name.substring(0, dot)) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private Path binFile(long number) {
    return payloadDirectory.resolve(number + BIN);
  }

  private Path partFile(long number) {
    return payloadDirectory.resolve(number + PART);
  }

  // ---------------------------------------------------------------------------------------------
  // The SPI

  /**
   * Stores {@code bundle}; the stage completes on the acknowledgement thread once the bundle is
   * durable (see the class Javadoc), with {@link StoreResult.DepletedStorage} at once if it does
   * not fit, or exceptionally with a {@link BundleStoreException} on a fault or after {@link
   * #close}.
   */
  @Override
  public CompletionStage<StoreResult> store(StoredBundle bundle) {
    Bundle b = bundle.bundle();
    CanonicalBlock payload = b.payloadBlock();
    PayloadFile data = payload.dataFile();
    byte[] encoded;
    long size;
    if (data == null) {
      encoded = codec.encode(b);
      size = encoded.length;
    } else {
      try {
        long available = Files.size(data.path());
        if (available < data.offset() + data.length()) {
          throw new IOException(
              data.path() + " has " + available + " bytes, too few for the region " + data);
        }
      } catch (IOException e) {
        return CompletableFuture.failedFuture(
            new BundleStoreException("cannot store the payload of " + bundle.id(), e));
      }
      encoded = codec.encode(b.withBlock(payload.withData(ByteBuffer.allocate(0))));
      size = encoded.length - 1 + CborWriter.headerSize(data.length()) + data.length();
    }
    byte[] key = BundleRecord.key(bundle.id());
    CRC32C crc = new CRC32C();
    crc.update(encoded);
    CompletableFuture<StoreResult> done = new CompletableFuture<>();
    BundleRecord record =
        new BundleRecord(bundle.metadata(), encoded.length, (int) crc.getValue(), 0);
    synchronized (this) {
      BundleStoreException refused = refusal();
      if (refused != null) {
        return CompletableFuture.failedFuture(refused);
      }
      long current = Math.max(0, currentLength(key));
      long usedWithout = usedBytes - current;
      if (size > quotaBytes - usedWithout) {
        return CompletableFuture.completedFuture(
            new StoreResult.DepletedStorage(size, usedBytes, quotaBytes));
      }
      usedBytes = usedWithout + size;
      enqueue(new Put(key, encoded, data, record, done), size);
    }
    return done;
  }

  /**
   * Removes the bundle; the stage completes on the acknowledgement thread once the removal is
   * durable.
   */
  @Override
  public CompletionStage<Boolean> remove(BundleId id) {
    byte[] key = BundleRecord.key(id);
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    synchronized (this) {
      BundleStoreException refused = refusal();
      if (refused != null) {
        return CompletableFuture.failedFuture(refused);
      }
      boolean queued = pending.containsKey(ByteBuffer.wrap(key));
      long current = currentLength(key);
      if (current < 0 && !queued) {
        return CompletableFuture.completedFuture(false);
      }
      usedBytes -= Math.max(0, current);
      enqueue(new Remove(key, current >= 0, done), -1);
    }
    return done;
  }

  @Override
  public Optional<StoredBundle> load(BundleId id) {
    byte[] key = BundleRecord.key(id);
    return read(key, records.get(key));
  }

  /**
   * Hands over the bundles in the order of their keys (source, creation timestamp), reading one at
   * a time: only the current bundle is in the heap.
   */
  @Override
  public void forEach(Consumer<? super StoredBundle> action) {
    Cursor<byte[], byte[]> c = records.cursor(null);
    while (c.hasNext()) {
      byte[] key = c.next();
      read(key, c.getValue()).ifPresent(action);
    }
  }

  @Override
  public long quotaBytes() {
    return quotaBytes;
  }

  @Override
  public synchronized long usedBytes() {
    return usedBytes;
  }

  /**
   * How many bundles this store has dropped since it was opened because their bytes were damaged.
   */
  public long droppedBundles() {
    return dropped.get();
  }

  /** The directory the store lives in. */
  public Path directory() {
    return directory;
  }

  /**
   * Makes every queued operation durable, completes its stage, then closes the store. Later calls
   * to {@link #store} and {@link #remove} fail. Blocks until done; idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    boolean interrupted = false;
    while (true) {
      try {
        writer.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    acknowledger.shutdown();
    try {
      if (!mv.isClosed()) {
        mv.close();
      }
    } finally {
      try {
        if (!acknowledger.awaitTermination(10, TimeUnit.SECONDS)) {
          LOG.warn("{}: acknowledgements still running after close", directory);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public synchronized String toString() {
    return "MvStoreBundleStore[" + directory + ", " + usedBytes + " of " + quotaBytes + " bytes]";
  }

  // ---------------------------------------------------------------------------------------------
  // Accounting (all under the lock)

  private BundleStoreException refusal() {
    if (failure != null) {
      return new BundleStoreException(
          "bundle store " + directory + " stopped after a fault", failure);
    }
    if (closed) {
      return new BundleStoreException("bundle store " + directory + " is closed");
    }
    return null;
  }

  /** The length of the bundle with this key once the queued operations are done, or -1. */
  private long currentLength(byte[] key) {
    Pending p = pending.get(ByteBuffer.wrap(key));
    if (p != null) {
      return p.length;
    }
    byte[] record = records.get(key);
    if (record == null) {
      return -1;
    }
    try {
      return BundleRecord.decode(record).sizeBytes();
    } catch (DtnException | IllegalArgumentException e) {
      return 0; // damaged since open: not counted in usedBytes; recovery drops it
    }
  }

  private void enqueue(Op op, long lengthAfter) {
    Pending p = pending.computeIfAbsent(ByteBuffer.wrap(op.key()), k -> new Pending());
    p.length = lengthAfter;
    p.operations++;
    queue.add(op);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads and checks the bundle that {@code record} describes. Reading races with the writer (the
   * record and the payload are two maps, and a payload file may be unlinked), so a failed check is
   * repeated on the writer thread, which is the only one that changes the maps: only there is a
   * bundle declared damaged and dropped.
   */
  private Optional<StoredBundle> read(byte[] key, byte[] record) {
    if (record == null) {
      return Optional.empty();
    }
    Checked checked = check(key, record);
    if (checked.bundle != null) {
      return Optional.of(checked.bundle);
    }
    CompletableFuture<Optional<StoredBundle>> done = new CompletableFuture<>();
    synchronized (this) {
      BundleStoreException refused = refusal();
      if (refused != null) {
        throw refused;
      }
      queue.add(new Verify(key, done));
    }
    try {
      return done.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof BundleStoreException s
          ? s
          : new BundleStoreException("could not read a bundle", e.getCause());
    }
  }

  /** A checked bundle, or why it failed the check. */
  private record Checked(StoredBundle bundle, String problem, BundleRecord record) {}

  private Checked check(byte[] key, byte[] recordBytes) {
    BundleRecord r = null;
    try {
      r = BundleRecord.decode(recordBytes);
      byte[] encoded;
      if (r.inFile() && !r.hasDataFile()) {
        try {
          encoded = Files.readAllBytes(binFile(r.payloadFile()));
        } catch (NoSuchFileException e) {
          return new Checked(null, "payload file " + binFile(r.payloadFile()) + " is missing", r);
        }
      } else {
        encoded = payloads.get(key);
        if (encoded == null) {
          return new Checked(null, "its bytes are missing", r);
        }
      }
      if (encoded.length != r.encodedLength()) {
        return new Checked(
            null, "length " + encoded.length + " is not the recorded " + r.encodedLength(), r);
      }
      CRC32C crc = new CRC32C();
      crc.update(encoded);
      if ((int) crc.getValue() != r.crc32c()) {
        return new Checked(
            null,
            "CRC32C "
                + Integer.toHexString((int) crc.getValue())
                + " is not the recorded "
                + Integer.toHexString(r.crc32c()),
            r);
      }
      Bundle bundle = codec.decode(encoded);
      if (r.hasDataFile()) {
        Path bin = binFile(r.payloadFile());
        long size;
        try {
          size = Files.size(bin);
        } catch (NoSuchFileException e) {
          return new Checked(null, "payload data file " + bin + " is missing", r);
        }
        if (size != r.dataLength()) {
          return new Checked(
              null,
              "payload data file " + bin + " has " + size + " bytes, not " + r.dataLength(),
              r);
        }
        PayloadFile data = new PayloadFile(bin, 0, size);
        int dataCrc = (int) data.crc32c();
        if (dataCrc != r.dataCrc32c()) {
          return new Checked(
              null,
              "payload data CRC32C "
                  + Integer.toHexString(dataCrc)
                  + " is not the recorded "
                  + Integer.toHexString(r.dataCrc32c()),
              r);
        }
        bundle = bundle.withBlock(bundle.payloadBlock().withData(data));
      }
      if (!Arrays.equals(BundleRecord.key(bundle.id()), key)) {
        return new Checked(null, "it holds another bundle, " + bundle.id(), r);
      }
      return new Checked(new StoredBundle(bundle, r.metadata()), null, r);
    } catch (IOException e) {
      throw new BundleStoreException("could not read a payload file in " + payloadDirectory, e);
    } catch (DtnException | IllegalArgumentException e) {
      return new Checked(null, e.getMessage(), r);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The writer thread

  private void runWriter() {
    List<Op> group = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        Op first = queue.poll(IDLE_MILLIS, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (changedSinceHousekeeping) {
            housekeeping();
          }
          continue;
        }
        group.add(first);
        queue.drainTo(group, MAX_GROUP - 1);
        stopping = group.remove(STOP);
        if (!group.isEmpty()) {
          applyGroup(group);
        }
      } catch (InterruptedException e) {
        // the writer is only stopped with STOP, so that every queued operation completes
        LOG.warn("{}: writer interrupted; it keeps running until the store is closed", directory);
      } catch (Throwable fault) {
        fail(fault, group);
        return;
      } finally {
        group.clear();
      }
    }
  }

  private void applyGroup(List<Op> group) throws IOException {
    List<Path> unlinkAfterCommit = new ArrayList<>();
    List<Runnable> completions = new ArrayList<>(group.size());
    writePayloadFiles(group);
    for (Op op : group) {
      if (op instanceof Put put) {
        byte[] old = records.get(put.key);
        if (put.record.inFile() && !put.record.hasDataFile()) {
          records.put(put.key, put.record.encode());
          payloads.remove(put.key);
        } else {
          // the bytes before the record: MVStore has no atomic commit across maps (docs/storage.md)
          payloads.put(put.key, put.encoded);
          records.put(put.key, put.record.encode());
        }
        oldFile(old).ifPresent(unlinkAfterCommit::add);
        completions.add(() -> put.done.complete(StoreResult.STORED));
      } else if (op instanceof Remove remove) {
        // the record before the bytes
        byte[] old = records.remove(remove.key);
        payloads.remove(remove.key);
        oldFile(old).ifPresent(unlinkAfterCommit::add);
        completions.add(() -> remove.done.complete(remove.existed));
      } else if (op instanceof Verify verify) {
        byte[] record = records.get(verify.key);
        Optional<StoredBundle> result = Optional.empty();
        if (record != null) {
          Checked checked = check(verify.key, record);
          if (checked.bundle != null) {
            result = Optional.of(checked.bundle);
          } else {
            drop(verify.key, checked, unlinkAfterCommit);
          }
        }
        Optional<StoredBundle> found = result;
        completions.add(() -> verify.done.complete(found));
      }
    }
    mv.commit();
    mv.sync();
    changedSinceHousekeeping = true;
    synchronized (this) {
      for (Op op : group) {
        if (!(op instanceof Verify)) {
          ByteBuffer k = ByteBuffer.wrap(op.key());
          Pending p = pending.get(k);
          if (--p.operations == 0) {
            pending.remove(k);
          }
        }
      }
    }
    for (Path p : unlinkAfterCommit) {
      Files.deleteIfExists(p);
    }
    acknowledger.execute(() -> completions.forEach(Runnable::run));
    if (++groupsSinceHousekeeping >= GROUPS_PER_HOUSEKEEPING) {
      housekeeping();
    }
  }

  /** Writes each large bundle of the group to {@code <n>.part}, forces it, renames it to .bin. */
  private void writePayloadFiles(List<Op> group) throws IOException {
    boolean any = false;
    for (int i = 0; i < group.size(); i++) {
      if (group.get(i) instanceof Put put && put.data != null) {
        long number = nextFileNumber++;
        Path part = partFile(number);
        int dataCrc = writeDataFile(put.data, part);
        Files.move(part, binFile(number), StandardCopyOption.ATOMIC_MOVE);
        BundleRecord r = put.record;
        group.set(
            i,
            new Put(
                put.key,
                put.encoded,
                put.data,
                new BundleRecord(
                    r.metadata(),
                    r.encodedLength(),
                    r.crc32c(),
                    number,
                    put.data.length(),
                    dataCrc),
                put.done));
        any = true;
      } else if (group.get(i) instanceof Put put && put.encoded.length > fileThresholdBytes) {
        long number = nextFileNumber++;
        Path part = partFile(number);
        try (FileChannel ch =
            FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer bytes = ByteBuffer.wrap(put.encoded);
          while (bytes.hasRemaining()) {
            ch.write(bytes);
          }
          ch.force(true);
        }
        Files.move(part, binFile(number), StandardCopyOption.ATOMIC_MOVE);
        BundleRecord r = put.record;
        group.set(
            i,
            new Put(
                put.key,
                put.encoded,
                null,
                new BundleRecord(r.metadata(), r.encodedLength(), r.crc32c(), number),
                put.done));
        any = true;
      }
    }
    if (any) {
      forceDirectory(payloadDirectory);
    }
  }

  /**
   * Puts a file-backed payload's bytes into {@code part}, forced: a hard link when the region is a
   * whole file on the same file system (nothing is copied; the bytes are read once for their
   * CRC32C), else a sparse copy. Returns the CRC32C of the bytes.
   */
  private int writeDataFile(PayloadFile data, Path part) throws IOException {
    boolean linked = false;
    if (data.isWholeFile()) {
      try {
        Files.createLink(part, data.path());
        linked = true;
      } catch (IOException | UnsupportedOperationException e) {
        LOG.debug("{}: cannot link {}, copying it: {}", directory, data.path(), e.toString());
      }
    }
    try (FileChannel ch =
        linked
            ? FileChannel.open(part, StandardOpenOption.WRITE)
            : FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long crc;
      if (linked) {
        crc = data.crc32c();
      } else {
        Crc.Running running = Crc.running(CrcType.CRC32C);
        data.copyTo(ch, 0, running);
        crc = running.value();
      }
      if (ch.size() != data.length()) {
        throw new IOException(
            part + " has " + ch.size() + " bytes, not the " + data.length() + " of " + data);
      }
      ch.force(true);
      return (int) crc;
    }
  }

  /** Makes renames in {@code dir} durable; not possible (nor needed) on Windows. */
  private static void forceDirectory(Path dir) throws IOException {
    if (File.separatorChar == '\\') {
      return;
    }
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private Optional<Path> oldFile(byte[] oldRecord) {
    if (oldRecord == null) {
      return Optional.empty();
    }
    try {
      BundleRecord r = BundleRecord.decode(oldRecord);
      return r.inFile() ? Optional.of(binFile(r.payloadFile())) : Optional.empty();
    } catch (DtnException | IllegalArgumentException e) {
      return Optional.empty(); // a damaged record: its file, if any, is an orphan at next open
    }
  }

  /** On the writer thread: removes a bundle whose stored bytes are damaged. */
  private void drop(byte[] key, Checked checked, List<Path> unlinkAfterCommit) {
    LOG.error("{}: dropped a damaged bundle: {}", directory, checked.problem);
    records.remove(key);
    payloads.remove(key);
    if (checked.record != null && checked.record.inFile()) {
      unlinkAfterCommit.add(binFile(checked.record.payloadFile()));
    }
    dropped.incrementAndGet();
    synchronized (this) {
      // a queued operation on this key already counted the damaged bundle out
      if (!pending.containsKey(ByteBuffer.wrap(key)) && checked.record != null) {
        usedBytes -= checked.record.sizeBytes();
      }
    }
  }

  /** Rewrites sparse chunks so the file does not grow without bound (no background writer). */
  private void housekeeping() {
    groupsSinceHousekeeping = 0;
    changedSinceHousekeeping = false;
    if (mv.compact(COMPACT_FILL_RATE, COMPACT_WRITE_BYTES)) {
      mv.commit();
      mv.sync();
    }
  }

  private void fail(Throwable fault, List<Op> group) {
    LOG.error("{}: the bundle store stopped after a fault", directory, fault);
    List<Op> failed = new ArrayList<>(group);
    synchronized (this) {
      failure = fault;
      queue.drainTo(failed);
    }
    BundleStoreException e =
        new BundleStoreException("bundle store " + directory + " failed", fault);
    acknowledger.execute(
        () -> {
          for (Op op : failed) {
            if (op instanceof Put put) {
              put.done.completeExceptionally(e);
            } else if (op instanceof Remove remove) {
              remove.done.completeExceptionally(e);
            } else if (op instanceof Verify verify) {
              verify.done.completeExceptionally(e);
            }
          }
        });
    mv.closeImmediately();
  }
}
