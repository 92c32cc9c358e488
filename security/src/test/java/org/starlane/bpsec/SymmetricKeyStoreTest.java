package org.starlane.bpsec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SymmetricKeyStoreTest {
  @TempDir Path dir;

  private Path write(String name, String content, String perms) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
    return f;
  }

  @Test
  void loadsHexKeysByFileName() throws IOException {
    write("hmac-1.key", "00112233 44556677\n8899aabb ccddeeff\n", "rw-------");
    write("notes.txt", "ignored", "rw-r--r--");
    SymmetricKeyStore store = SymmetricKeyStore.load(dir);
    assertThat(store.ids()).containsExactly("hmac-1");
    assertThat(store.get("hmac-1").material()).hasSize(16).startsWith(0x00, 0x11);
  }

  @Test
  void refusesAWorldReadableKeyFile() throws IOException {
    write("k.key", "00112233445566778899aabbccddeeff", "rw----r--");
    assertThatThrownBy(() -> SymmetricKeyStore.load(dir))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unsafe permissions")
        .hasMessageNotContaining("0011");
  }

  @Test
  void refusesAGroupReadableKeyFile() throws IOException {
    write("k.key", "00112233445566778899aabbccddeeff", "rw-r-----");
    assertThatThrownBy(() -> SymmetricKeyStore.load(dir)).hasMessageContaining("chmod 600");
  }

  @Test
  void refusesContentThatIsNotHexWithoutEchoingIt() throws IOException {
    write("k.key", "secret-passphrase", "rw-------");
    assertThatThrownBy(() -> SymmetricKeyStore.load(dir))
        .hasMessageContaining("not hexadecimal")
        .hasMessageNotContaining("passphrase");
  }

  @Test
  void reloadPicksUpANewKeyAndDropsARemovedOne() throws IOException {
    Path old = write("k-2025.key", "00112233445566778899aabbccddeeff", "rw-------");
    SymmetricKeyStore store = SymmetricKeyStore.load(dir);
    write("k-2026.key", "ffeeddccbbaa99887766554433221100", "rw-------");
    store.reload();
    assertThat(store.ids()).containsExactly("k-2025", "k-2026");
    Files.delete(old);
    store.reload();
    assertThat(store.ids()).containsExactly("k-2026");
    assertThatThrownBy(() -> store.get("k-2025"))
        .isInstanceOf(BpsecException.class)
        .hasMessageContaining("k-2025");
  }

  @Test
  void toStringNamesIdsButNoKeyMaterial() throws IOException {
    write("k.key", "00112233445566778899aabbccddeeff", "rw-------");
    SymmetricKeyStore store = SymmetricKeyStore.load(dir);
    assertThat(store.toString()).contains("k").doesNotContain("00112233");
    assertThat(store.get("k").toString()).doesNotContain("00112233");
  }
}
