package org.starlane.bp.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.StoredBundle;

class InMemoryBundleStoreTest extends BundleStoreContractTest {

  @Override
  protected BundleStore create(long quotaBytes) {
    return new InMemoryBundleStore(quotaBytes);
  }

  @Test
  void listsBundlesInTheOrderTheyWereFirstStored() {
    BundleStore store = open(Long.MAX_VALUE);
    StoredBundle b = stored(2, 10);
    StoredBundle a = stored(1, 10);
    join(store.store(b));
    join(store.store(a));

    assertThat(store.list()).containsExactly(b, a);
  }

  @Test
  void rejectsNegativeQuota() {
    assertThatThrownBy(() -> new InMemoryBundleStore(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }
}
