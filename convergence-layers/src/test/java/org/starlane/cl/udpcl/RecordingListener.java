package org.starlane.cl.udpcl;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;

/** A convergence-layer listener that records what it is told, for tests. Thread-safe. */
public final class RecordingListener implements ConvergenceLayer.Listener {
  public final List<Link> up = new CopyOnWriteArrayList<>();
  public final List<Link> down = new CopyOnWriteArrayList<>();
  public final List<Link> receivedOver = new CopyOnWriteArrayList<>();
  public final List<Bundle> received = new CopyOnWriteArrayList<>();

  @Override
  public void linkUp(Link link) {
    up.add(link);
  }

  @Override
  public void linkDown(Link link) {
    down.add(link);
  }

  @Override
  public synchronized CompletionStage<ReceiveResult> bundleReceived(Link link, Bundle bundle) {
    receivedOver.add(link);
    received.add(bundle);
    return CompletableFuture.completedFuture(ReceiveResult.ACCEPTED);
  }
}
