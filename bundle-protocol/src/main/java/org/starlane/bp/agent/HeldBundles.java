package org.starlane.bp.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.eid.IpnEndpoint;
import org.starlane.bp.spi.BundleMetadata;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.RetentionConstraint;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.StoreResult;
import org.starlane.bp.spi.StoredBundle;

/**
 * The bundles the {@link BundleProtocolAgent} holds, kept in step with its {@link BundleStore} (RFC
 * 9171 §5, retention constraints), and the IDs of the bundles it has seen recently. A bundle is
 * held from when its store concludes ({@link #storeThen}; marked "dispatch pending", the record is
 * not rewritten as its constraints change, docs/agent.md) until the agent removes its last
 * retention constraint ({@link #release}): then it leaves the store, its timers stop and its own
 * payload file is deleted. While held, its expiration timer runs (§5.5), and calls the agent back
 * when the lifetime ends. A bundle whose ID is held or among the recent ones (a bounded set, oldest
 * forgotten first) is here already: a copy that arrives is a duplicate (§5.6).
 *
 * <p>Confined to the agent's thread: store outcomes are handed back to it through the scheduler.
 */
final class HeldBundles {
  // Logs as the agent: operators know one logger for what the agent does.
  private static final Logger LOG = LoggerFactory.getLogger(BundleProtocolAgent.class);

  private final IpnEndpoint nodeId;
  private final Scheduler scheduler;
  private final BundleStore store;
  private final PayloadDirectory payloads;

  /** Called on the agent's thread when a held bundle's lifetime may have ended (§5.5). */
  private final Consumer<Pending> expired;

  private final Set<BundleId> recentlySeen;
  private final Map<BundleId, Pending> held = new LinkedHashMap<>();

  HeldBundles(
      IpnEndpoint nodeId,
      Scheduler scheduler,
      BundleStore store,
      PayloadDirectory payloads,
      int duplicateCapacity,
      Consumer<Pending> expired) {
    this.nodeId = nodeId;
    this.scheduler = scheduler;
    this.store = store;
    this.payloads = payloads;
    this.expired = expired;
    this.recentlySeen =
        Collections.newSetFromMap(
            new LinkedHashMap<>(16, 0.75f, false) {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<BundleId, Boolean> eldest) {
                return size() > duplicateCapacity;
              }
            });
  }

  /** The bundle held with this ID, or null. */
  Pending get(BundleId id) {
    return held.get(id);
  }

  /** Whether a bundle with this ID is held. */
  boolean holds(BundleId id) {
    return held.containsKey(id);
  }

  /** Whether a bundle with this ID is held or was seen recently. */
  boolean isHere(BundleId id) {
    return recentlySeen.contains(id) || held.containsKey(id);
  }

  /**
   * Remembers {@code id} as seen; returns whether it is new: neither seen recently nor held (§5.6:
   * else the bundle is a duplicate).
   */
  boolean firstSeen(BundleId id) {
    return recentlySeen.add(id) && !held.containsKey(id);
  }

  /** Remembers {@code id} as seen. */
  void remember(BundleId id) {
    recentlySeen.add(id);
  }

  /** Forgets that {@code id} was seen, for a bundle that was made here but could not be kept. */
  void forget(BundleId id) {
    recentlySeen.remove(id);
  }

  /** The bundles held now, oldest first, in a list of their own. */
  List<Pending> snapshot() {
    return new ArrayList<>(held.values());
  }

  /**
   * Takes up the bundles in the store that are not held yet (after a restart): each is held and its
   * ID remembered; their timers are not armed. Reads {@link BundleStore#forEach}, which may block.
   */
  List<Pending> takeUpStored() {
    List<Pending> recovered = new ArrayList<>();
    store.forEach(
        stored -> {
          if (held.containsKey(stored.id())) {
            return;
          }
          BundleMetadata metadata = stored.metadata();
          Pending p =
              new Pending(stored.bundle(), metadata.receivedAtMillis(), metadata.receivedFrom());
          recentlySeen.add(p.id());
          held.put(p.id(), p);
          recovered.add(p);
        });
    LOG.info("{}: recovered {} bundles from {}", nodeId, recovered.size(), store);
    return recovered;
  }

  /**
   * Stores {@code p}'s bundle; on the agent's thread, holds it, arms its expiration timer and runs
   * {@code then} with whether it was stored.
   */
  void storeThen(Pending p, Consumer<Boolean> then) {
    StoredBundle stored =
        new StoredBundle(
            p.bundle,
            new BundleMetadata(
                p.receivedAtMillis, p.receivedFrom, Set.of(RetentionConstraint.DISPATCH_PENDING)));
    store
        .store(stored)
        .whenComplete(
            (result, fault) ->
                scheduler.execute(
                    () -> {
                      if (fault != null) {
                        LOG.error("{}: could not store {}", nodeId, p.id(), fault);
                        then.accept(false);
                      } else if (result instanceof StoreResult.DepletedStorage depleted) {
                        LOG.warn("{}: refused {}: {}", nodeId, p.id(), depleted);
                        then.accept(false);
                      } else {
                        held.put(p.id(), p);
                        armExpiry(p);
                        then.accept(true);
                      }
                    }));
  }

  /**
   * Stores each of {@code parts}, remembering its ID as seen (§5.6 step 1 then discards a copy that
   * arrives); on the agent's thread, once every store concluded, runs {@code then} with whether all
   * of them were stored (at once, with true, if there are none).
   */
  void storeAllThen(List<Pending> parts, Consumer<Boolean> then) {
    if (parts.isEmpty()) {
      then.accept(true);
      return;
    }
    int[] outstanding = {parts.size()};
    boolean[] allStored = {true};
    for (Pending part : parts) {
      recentlySeen.add(part.id());
      storeThen(
          part,
          stored -> {
            allStored[0] &= stored;
            if (--outstanding[0] == 0) {
              then.accept(allStored[0]);
            }
          });
    }
  }

  /**
   * Arms {@code p}'s expiration timer (§5.5) for the end of its lifetime; none for a lifetime too
   * long to matter.
   */
  void armExpiry(Pending p) {
    long remaining = p.remainingLifetimeMillis(scheduler);
    if (remaining > Long.MAX_VALUE / 4) {
      return;
    }
    p.expiry =
        scheduler.scheduleAt(
            scheduler.nowMillis() + Math.max(0, remaining), () -> expired.accept(p));
  }

  /** Removes every retention constraint: the bundle leaves the store and its timers stop. */
  void release(Pending p) {
    if (!p.done) {
      payloads.deleteOwned(p.bundle);
    }
    p.done = true;
    p.waiting = false;
    p.cancelRetry();
    p.cancelExpiry();
    if (held.remove(p.id()) != null) {
      store.remove(p.id());
    }
  }
}
