package org.starlane.bp.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.eid.IpnEndpoint;

/**
 * The directory of the payload files the {@link BundleProtocolAgent} owns ({@link
 * BundleProtocolAgent.Builder#payloadDirectory}; docs/agent.md, "Large payloads"), and its
 * ownership rules: a payload file there belongs to the one bundle that refers to it, and is deleted
 * when the agent no longer holds that bundle; a bundle made from another one's payload (a file sent
 * with {@code transmit}, RFC 9171 §5.2; a fragment, §5.8; an echo reply) gets a name of its own for
 * the bytes, a hard link when the file system allows, else a copy; and the files a previous agent
 * left when it crashed are deleted when the agent is built. A payload file elsewhere (a persistent
 * store's own) is never touched. Without a configured directory, there is nothing to delete and
 * nothing can be staged or copied.
 *
 * <p>Thread-safe: it holds no mutable state, only the file system's. The agent uses it on its own
 * thread, except to {@linkplain #stage stage} a file on the application's thread.
 */
final class PayloadDirectory {
  // Logs as the agent: operators know one logger for what the agent does.
  private static final Logger LOG = LoggerFactory.getLogger(BundleProtocolAgent.class);

  private final IpnEndpoint nodeId;

  /** Null without a configured directory. */
  private final Path directory;

  private PayloadDirectory(IpnEndpoint nodeId, Path directory) {
    this.nodeId = nodeId;
    this.directory = directory;
  }

  /**
   * The payload directory {@code directory} (null for none) of the agent of {@code nodeId}, which
   * takes it over: the files a previous agent left in it are deleted.
   *
   * @throws UncheckedIOException if the directory cannot be listed
   */
  static PayloadDirectory takeOver(IpnEndpoint nodeId, Path directory) {
    PayloadDirectory payloads = new PayloadDirectory(nodeId, directory);
    if (directory != null) {
      payloads.removeLeftovers();
    }
    return payloads;
  }

  /** The directory, if one is configured. */
  Optional<Path> path() {
    return Optional.ofNullable(directory);
  }

  /**
   * A new name for {@code file}'s bytes in the payload directory: a hard link, else a copy.
   *
   * @throws IllegalStateException if no directory is configured
   * @throws IOException if the file can neither be linked nor copied
   */
  Path stage(Path file) throws IOException {
    if (directory == null) {
      throw new IllegalStateException(
          "sending a payload file needs Builder.payloadDirectory(...) on node " + nodeId);
    }
    Path staged = Files.createTempFile(directory, "transmit-", ".bin");
    try {
      Files.delete(staged);
      Files.createLink(staged, file);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("{}: cannot link {}, copying it: {}", nodeId, file, e.toString());
      Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING);
    }
    return staged;
  }

  /**
   * {@code piece} with its file-backed payload under a name of its own in the payload directory
   * ({@link #ownFileOf}), so that releasing one bundle never deletes the bytes of another; an
   * in-memory payload is returned as it is.
   *
   * @throws IOException if the file cannot be linked or copied
   * @throws IllegalStateException if there is no payload directory
   */
  Bundle withOwnFile(Bundle piece) throws IOException {
    PayloadFile region = piece.payloadBlock().dataFile();
    if (region == null) {
      return piece;
    }
    return piece.withBlock(piece.payloadBlock().withData(ownFileOf(region, "fragment-")));
  }

  /**
   * {@code region}'s bytes under a new name of the payload directory starting with {@code prefix}:
   * a hard link to the same file (instant, nothing copied), else a copy of the region.
   *
   * @throws IOException if the file cannot be linked or copied
   * @throws IllegalStateException if there is no payload directory
   */
  PayloadFile ownFileOf(PayloadFile region, String prefix) throws IOException {
    if (directory == null) {
      throw new IllegalStateException("a file-backed payload needs a payload directory");
    }
    Path own = Files.createTempFile(directory, prefix, ".bin");
    try {
      Files.delete(own);
      Files.createLink(own, region.path());
      return new PayloadFile(own, region.offset(), region.length());
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("{}: cannot link {}, copying its region: {}", nodeId, region, e.toString());
      try (FileChannel out =
          FileChannel.open(
              own,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        region.copyTo(out, 0, null);
      } catch (IOException | RuntimeException copyFailed) {
        deleteQuietly(own);
        throw copyFailed;
      }
      return new PayloadFile(own, 0, region.length());
    }
  }

  /**
   * Deletes {@code bundle}'s payload file if the agent owns it (it is in the payload directory):
   * when the agent no longer holds the bundle.
   */
  void deleteOwned(Bundle bundle) {
    PayloadFile file = bundle.payloadBlock().dataFile();
    if (file != null && directory != null && file.path().startsWith(directory)) {
      deleteQuietly(file.path());
    }
  }

  /**
   * The payload file of {@code bundle} if it is a file of this directory that {@code other} (a
   * bundle derived from it by a security processor, or the one it was derived from) does not use;
   * null otherwise. Such a file is a new one a BCB operation wrote (RFC 9172), or the one it
   * replaced.
   */
  Path ownedFileOnlyIn(Bundle bundle, Bundle other) {
    PayloadFile file = bundle.payloadBlock().dataFile();
    if (file == null || directory == null || !file.path().startsWith(directory)) {
      return null;
    }
    PayloadFile otherFile = other.payloadBlock().dataFile();
    return otherFile != null && otherFile.path().equals(file.path()) ? null : file.path();
  }

  /** Deletes a payload file this agent owns (nothing if null); a failure is only logged. */
  static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete the payload file {}: {}", file, e.toString());
    }
  }

  /**
   * Deletes the files a previous agent left in the directory: a crash between receiving a large
   * bundle (or staging a file to send, or reassembling one) and storing or releasing it leaves its
   * file there. No bundle refers to them any more: the bundles recovered from a persistent store
   * refer to the store's own files (docs/agent.md, "Large payloads"), and no convergence layer can
   * write here before the agent exists.
   */
  private void removeLeftovers() {
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          deleteQuietly(file);
          removed++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not list the payload directory " + directory, e);
    }
    if (removed > 0) {
      LOG.info("{}: removed {} leftover payload files from {}", nodeId, removed, directory);
    }
  }
}
