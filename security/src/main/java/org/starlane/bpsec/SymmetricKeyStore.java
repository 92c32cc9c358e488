package org.starlane.bpsec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Symmetric keys by ID for the RFC 9173 contexts: HMAC keys, AES content-encryption keys and AES
 * key-encryption keys (RFC 9173 §3.5, §4.5; key management is out of scope of RFC 9172 §6).
 *
 * <p>Keys come from a directory with one file per key: {@code <id>.key} holding the key in
 * hexadecimal (whitespace ignored). A file that its group or others may read or write is refused,
 * like OpenSSH refuses such a private key: the store will not load a key that other accounts may
 * have seen. Key material is never logged ({@link SecurityKey#toString()} redacts it).
 *
 * <p>Rotation is by ID: add the new key's file, {@link #reload()}, point the policy's signing key
 * at the new ID and keep the old ID in the rule's list while bundles signed with it are in flight;
 * then delete the old file and reload. Thread-safe: reads see an immutable snapshot.
 */
public final class SymmetricKeyStore {
  private static final Logger LOG = LoggerFactory.getLogger(SymmetricKeyStore.class);

  /** The suffix of key files. */
  public static final String SUFFIX = ".key";

  /** Longest key file accepted; keys are at most 64 bytes (HMAC-SHA-512). */
  static final long MAX_FILE_BYTES = 4096;

  private final Path directory;
  private volatile Map<String, SecurityKey> keys;

  private SymmetricKeyStore(Path directory, Map<String, SecurityKey> keys) {
    this.directory = directory;
    this.keys = Map.copyOf(keys);
  }

  /** A store of the given keys, not backed by files (for tests and embedded nodes). */
  public static SymmetricKeyStore of(SecurityKey... keys) {
    Map<String, SecurityKey> map = new HashMap<>();
    for (SecurityKey k : keys) {
      if (map.put(k.id(), k) != null) {
        throw new IllegalArgumentException("key ID " + k.id() + " given twice");
      }
    }
    return new SymmetricKeyStore(null, map);
  }

  /**
   * Loads every {@code *.key} file of {@code directory}.
   *
   * @throws IOException if the directory or a file cannot be read, or a file's permissions are
   *     unsafe or its content is not a hex key (the message names the file, never the content)
   */
  public static SymmetricKeyStore load(Path directory) throws IOException {
    SymmetricKeyStore store = new SymmetricKeyStore(Objects.requireNonNull(directory), Map.of());
    store.reload();
    return store;
  }

  /** Re-reads the directory: new IDs appear, removed files' IDs disappear. */
  public void reload() throws IOException {
    if (directory == null) {
      throw new IllegalStateException("this key store is not backed by a directory");
    }
    Map<String, SecurityKey> loaded = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        String id = name.substring(0, name.length() - SUFFIX.length());
        loaded.put(id, new SecurityKey(id, read(file)));
      }
    }
    keys = Map.copyOf(loaded);
    LOG.info(
        "loaded {} BPSec keys from {}: {}",
        loaded.size(),
        directory,
        new TreeSet<>(loaded.keySet()));
  }

  private static byte[] read(Path file) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("key file " + file + " is not a regular file");
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      for (PosixFilePermission p : perms) {
        if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
          throw new IOException(
              "key file "
                  + file
                  + " has unsafe permissions "
                  + perms
                  + ": only its owner may read or write it (chmod 600)");
        }
      }
    } catch (UnsupportedOperationException e) {
      throw new IOException(
          "cannot check the permissions of key file " + file + " (not a POSIX file system)", e);
    }
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new IOException("key file " + file + " exceeds " + MAX_FILE_BYTES + " bytes");
    }
    String text =
        new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).replaceAll("\\s+", "");
    try {
      byte[] key = HexFormat.of().parseHex(text);
      if (key.length == 0) {
        throw new IOException("key file " + file + " is empty");
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new IOException("key file " + file + " is not hexadecimal");
    }
  }

  /**
   * The key with {@code id}.
   *
   * @throws BpsecException (failed security operation) if there is none
   */
  public SecurityKey get(String id) {
    SecurityKey k = keys.get(id);
    if (k == null) {
      throw BpsecException.failed("no key with ID '" + id + "' in the key store");
    }
    return k;
  }

  public boolean contains(String id) {
    return keys.containsKey(id);
  }

  /** The IDs of the keys, sorted. */
  public Set<String> ids() {
    return new TreeSet<>(keys.keySet());
  }

  @Override
  public String toString() {
    return "SymmetricKeyStore[" + (directory != null ? directory + ", " : "") + ids() + "]";
  }
}
