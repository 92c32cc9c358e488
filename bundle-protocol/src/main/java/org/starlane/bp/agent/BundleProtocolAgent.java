package org.starlane.bp.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.starlane.bp.admin.AdministrativeRecord;
import org.starlane.bp.admin.AdministrativeRecordException;
import org.starlane.bp.admin.BundleStatus;
import org.starlane.bp.admin.BundleStatusReport;
import org.starlane.bp.bundle.BlockProcessingFlags;
import org.starlane.bp.bundle.BlockType;
import org.starlane.bp.bundle.Bundle;
import org.starlane.bp.bundle.BundleCodec;
import org.starlane.bp.bundle.BundleFormatException;
import org.starlane.bp.bundle.BundleId;
import org.starlane.bp.bundle.BundleProcessingFlags;
import org.starlane.bp.bundle.CanonicalBlock;
import org.starlane.bp.bundle.CrcType;
import org.starlane.bp.bundle.CreationTimestamp;
import org.starlane.bp.bundle.ExtensionBlocks;
import org.starlane.bp.bundle.Fragmentation;
import org.starlane.bp.bundle.HopCount;
import org.starlane.bp.bundle.PayloadFile;
import org.starlane.bp.bundle.PrimaryBlock;
import org.starlane.bp.bundle.Reassembly;
import org.starlane.bp.bundle.StatusReportReason;
import org.starlane.bp.eid.EndpointId;
import org.starlane.bp.eid.IpnEndpoint;
import org.starlane.bp.spi.BundleStore;
import org.starlane.bp.spi.ConvergenceLayer;
import org.starlane.bp.spi.Link;
import org.starlane.bp.spi.ReceiveResult;
import org.starlane.bp.spi.Router;
import org.starlane.bp.spi.RoutingDecision;
import org.starlane.bp.spi.Scheduler;
import org.starlane.bp.spi.SecurityOutcome;
import org.starlane.bp.spi.SecurityProcessor;
import org.starlane.bp.spi.SendResult;
import org.starlane.bp.store.InMemoryBundleStore;

/**
 * The Bundle Protocol Agent of one node (RFC 9171 §3.1, §5): it creates bundles for applications
 * ({@link #transmit}, §5.2), takes bundles from convergence layers ({@link #receive}, §5.6),
 * dispatches them (§5.3) to local delivery (§5.7) or forwarding (§5.4, §5.4.1, §5.4.2), expires
 * them (§5.5), deletes them (§5.10) and reports what it did (§6.1.1).
 *
 * <p>The node ID is {@code ipn:N.0} (RFC 9758). Its endpoints:
 *
 * <ul>
 *   <li>{@code ipn:N.0}, the administrative endpoint (§6.1): status reports addressed to this node
 *       go to the {@link AdministrativeRecordListener};
 *   <li>{@code ipn:N.7}, an echo service (unless an application registers it): it sends the payload
 *       of each bundle back to the bundle's source in a new bundle;
 *   <li>any {@code ipn:N.S} an application {@linkplain #register registers}.
 * </ul>
 *
 * <p>What it does to a bundle in transit: the Hop Count block is incremented on each forwarding and
 * the bundle is deleted when its count exceeds its limit (§4.4.3); the Previous Node block is
 * replaced by one naming this node (§4.4.1, §5.4 step 4); the Bundle Age block, when present, is
 * increased by the time the bundle spent here (§4.4.2, §5.4 step 4). A bundle whose ID this node
 * has seen recently (a bounded set) is a duplicate and silently discarded. Unknown blocks are
 * handled per their block processing control flags (§5.6 step 4). Status reports are sent only if
 * the node's policy allows them, the bundle asks for them, it has a report-to EID, and it is
 * neither an administrative record nor anonymous (§4.2.3).
 *
 * <p>A bundle the router cannot forward now waits (§5.4.1) until a link comes up, until the time
 * the router names, or, after a failed send, for the retry interval; its lifetime timer deletes it
 * when it expires. Bundle lifetime is measured from the creation time, or, when that is 0, with the
 * Bundle Age block (§4.2.7, §4.4.2).
 *
 * <p>Threads: every public method may be called from any thread; it only queues work on the
 * scheduler ({@link Scheduler#execute}), and all state is confined to the scheduler's thread. The
 * listeners of applications, the router and the security processor are called on that thread.
 *
 * <p>Fragmentation (§5.8): a bundle whose encoding exceeds the {@linkplain Link#maxBundleSizeBytes
 * maximum bundle size} of the link it goes over is sent as fragments that fit ({@link
 * Fragmentation}), after the per-hop edits above; the bundle kept here stays whole. A bundle
 * flagged "must not be fragmented", or one no fragment of which fits, is not offered to that link:
 * forwarding is contraindicated, and it waits for another link or the retry interval until its
 * lifetime ends. Reassembly (§5.9): a fragment addressed to this node is kept until the fragments
 * kept cover its ADU, then the rebuilt bundle is delivered once ({@link Reassembly}, memory bounded
 * by {@link Builder#reassemblyLimits}); kept fragments are deleted when their lifetime ends, and
 * later fragments of a bundle delivered already are discarded, as are the kept fragments of a
 * bundle that then arrives whole.
 *
 * <p>Reactive fragmentation (§5.8; RFC 9174 §3.2), when {@linkplain Builder#reactiveFragmentation
 * turned on}: after a send over one link failed with a prefix of the encoded bundle acknowledged
 * that reaches into the payload ({@link SendResult.Failed#acknowledgedBytes()}), the bundle is
 * replaced by the fragment of the rest ({@link Fragmentation#remainder}), stored before the bundle
 * leaves the store, and that is forwarded; and what arrived of a cut incoming transfer ({@link
 * #receivePrefix}) is kept as a fragment if it makes one.
 *
 * <p>Anticipatory fragmentation (§5.8, at the router's request, {@link RoutingDecision.Fragment}):
 * the bundle held here is replaced by two fragments, the first no larger than the router's size;
 * both are stored before the original leaves the store, and each is dispatched again, so each gets
 * its own routing decision. A bundle flagged "must not be fragmented" is never split: the agent
 * logs the refusal and forwarding is contraindicated. The agent gives its router, when built, a
 * {@link Router.Rerouting} through which the router asks for a new decision about a waiting bundle
 * (queued on the agent's thread), for example when another bundle displaced it from a contact.
 *
 * <p>Not implemented: custody transfer.
 */
public final class BundleProtocolAgent {
  // How to read this class: after the accessors, registrations and recovery come the procedures of
  // RFC 9171 §5, one section each, in the order a bundle meets them: transmission (§5.2), reception
  // (§5.6), expiration (§5.5), dispatch (§5.3), forwarding (§5.4), fragmentation that replaces a
  // held bundle (§5.8), local delivery (§5.7), reassembly (§5.9), deletion (§5.10) and status
  // reports (§6.1.1). They run on the scheduler's thread, and so do the package-private classes
  // they use, each with one job (PayloadDirectory, which holds no state, also stages a file to send
  // on the application's thread):
  //   Pending           a bundle held here: its retention state, lifetime and timers
  //   HeldBundles       the held bundles, kept in step with the store; the IDs seen recently
  //   PayloadDirectory  the payload files the agent owns (stage, own copy, delete, leftovers)
  //   UnitSends         one forwarding attempt's sends over one link, and what a cut send left
  //   KeptFragments     the fragments kept for reassembly, with their Reassembly

  private static final Logger LOG = LoggerFactory.getLogger(BundleProtocolAgent.class);

  /** The service number of the echo service, {@code ipn:N.7}. */
  public static final long ECHO_SERVICE = 7;

  private final IpnEndpoint nodeId;

  /** The data of the previous node block this node puts in every bundle it forwards (§4.4.1). */
  private final ByteBuffer previousNodeData;

  private final Scheduler scheduler;
  private final Router router;
  private final SecurityProcessor security;
  private final boolean statusReportsEnabled;
  private final Duration retryInterval;
  private final boolean reactiveFragmentation;
  private final AdministrativeRecordListener adminListener;
  private final ConvergenceLayer.Listener convergenceLayerListener = new ClListener();

  /** Where the agent keeps the payload files it owns (docs/agent.md, "Large payloads"). */
  private final PayloadDirectory payloads;

  /** Written on any thread at {@link #register}; read on the agent's thread. */
  private final Map<EndpointId, Registration> registrations = new ConcurrentHashMap<>();

  // Confined to the scheduler's thread.

  /** The bundles this node holds, in step with the store, and the IDs it has seen recently. */
  private final HeldBundles held;

  /** The fragments kept until their ADU can be reassembled (§5.9). */
  private final KeptFragments keptFragments;

  private final Set<Link> linksUp = new LinkedHashSet<>();

  /** {@link #linksUp} as the immutable list the router is given; remade when a link changes. */
  private List<Link> linksUpList = List.of();

  private long lastCreationTimeMillis = -1;
  private long sequenceNumber;
  private volatile long duplicatesDiscarded;
  private volatile long prefixFragmentsKept;
  private volatile long remainderFragmentsMade;

  private BundleProtocolAgent(Builder b) {
    this.nodeId = b.nodeId;
    this.previousNodeData = ExtensionBlocks.previousNodeData(nodeId).asReadOnlyBuffer();
    this.scheduler = b.scheduler;
    this.router = b.router;
    this.security = b.security;
    this.statusReportsEnabled = b.statusReportsEnabled;
    this.retryInterval = b.retryInterval;
    this.reactiveFragmentation = b.reactiveFragmentation;
    this.adminListener = b.adminListener;
    this.payloads = PayloadDirectory.takeOver(nodeId, b.payloadDirectory);
    this.keptFragments =
        new KeptFragments(
            b.payloadDirectory == null
                ? new Reassembly(b.reassemblyMaxAdus, b.reassemblyMaxBytes)
                : new Reassembly(
                    b.reassemblyMaxAdus, b.reassemblyMaxBytes, b.payloadDirectory, Long.MAX_VALUE));
    this.held =
        new HeldBundles(nodeId, scheduler, b.store, payloads, b.duplicateCapacity, this::expire);
    router.start(
        id -> {
          Objects.requireNonNull(id, "id");
          scheduler.execute(() -> routeAgain(id));
        });
  }

  /**
   * A builder for the agent of node {@code ipn:nodeNumber.0}, running on {@code scheduler}.
   *
   * @throws IllegalArgumentException if {@code nodeNumber} is not a valid ipn node number or is 0
   *     (the null node)
   */
  public static Builder builder(long nodeNumber, Scheduler scheduler) {
    return new Builder(nodeNumber, scheduler);
  }

  /** The node ID, {@code ipn:N.0}. */
  public IpnEndpoint nodeId() {
    return nodeId;
  }

  /**
   * The directory of the payload files this agent owns ({@link Builder#payloadDirectory}): a
   * convergence layer that decodes large bundles into files puts them here, and hands them over
   * with the bundle; empty if none was configured.
   */
  public Optional<Path> payloadDirectory() {
    return payloads.path();
  }

  /** The endpoint of this node's service {@code service}: {@code ipn:N.service}. */
  public IpnEndpoint endpoint(long service) {
    return new IpnEndpoint(nodeId.allocator(), nodeId.node(), service, nodeId.elements());
  }

  /** The scheduler the agent runs on. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** The listener to give a convergence layer (what {@link #attach} does). Thread-safe. */
  public ConvergenceLayer.Listener convergenceLayerListener() {
    return convergenceLayerListener;
  }

  /** Starts {@code convergenceLayer} with this agent as its listener. */
  public void attach(ConvergenceLayer convergenceLayer) {
    convergenceLayer.start(convergenceLayerListener);
  }

  /** How many received bundles were discarded as duplicates so far. Thread-safe. */
  public long duplicatesDiscarded() {
    return duplicatesDiscarded;
  }

  /**
   * How many received prefixes of cut transfers were kept as fragments so far ({@link
   * Builder#reactiveFragmentation}). Thread-safe.
   */
  public long prefixFragmentsKept() {
    return prefixFragmentsKept;
  }

  /**
   * How many cut sends were followed by sending only what the peer had not acknowledged, as
   * fragments ({@link Builder#reactiveFragmentation}). Thread-safe.
   */
  public long remainderFragmentsMade() {
    return remainderFragmentsMade;
  }

  /** Whether {@code eid} is an endpoint on this node (RFC 9171 §3.1 "member"). */
  public boolean isLocal(EndpointId eid) {
    return !eid.isNull() && eid.nodeId().equals(nodeId);
  }

  // ---------------------------------------------------------------------------------------------
  // Registrations (RFC 9171 §3.1)

  /**
   * Registers an application for {@code endpoint}.
   *
   * @param active whether the registration starts active (bundles delivered at once) or passive
   * @throws IllegalArgumentException if {@code endpoint} is not on this node or is its node ID (the
   *     administrative endpoint)
   * @throws IllegalStateException if {@code endpoint} is registered already
   */
  public Registration register(
      EndpointId endpoint,
      BundleListener listener,
      boolean active,
      DeliveryFailureAction failureAction) {
    if (!isLocal(endpoint)) {
      throw new IllegalArgumentException(endpoint + " is not an endpoint of node " + nodeId);
    }
    if (endpoint.equals(nodeId)) {
      throw new IllegalArgumentException(
          endpoint + " is the administrative endpoint; use an AdministrativeRecordListener");
    }
    Registration r = new Registration(this, endpoint, listener, active, failureAction);
    if (registrations.putIfAbsent(endpoint, r) != null) {
      throw new IllegalStateException(endpoint + " is registered already");
    }
    return r;
  }

  void setActive(Registration r, boolean active) {
    scheduler.execute(
        () -> {
          if (r.closed) {
            return;
          }
          r.active = active;
          if (active) {
            while (!r.deferred.isEmpty() && r.active) {
              Pending p = r.deferred.poll();
              if (!p.done) {
                deliverTo(r, p);
              }
            }
          }
        });
  }

  CompletableFuture<List<Bundle>> poll(Registration r) {
    CompletableFuture<List<Bundle>> result = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          List<Bundle> bundles = new ArrayList<>();
          while (!r.deferred.isEmpty()) {
            Pending p = r.deferred.poll();
            if (!p.done) {
              bundles.add(p.bundle);
              delivered(p);
            }
          }
          result.complete(bundles);
        });
    return result;
  }

  void unregister(Registration r) {
    registrations.remove(r.endpoint(), r);
    scheduler.execute(
        () -> {
          r.closed = true;
          while (!r.deferred.isEmpty()) {
            delete(r.deferred.poll(), StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE);
          }
        });
  }

  // ---------------------------------------------------------------------------------------------
  // Recovery

  /**
   * Takes up the bundles already in the store, for example after a restart with a persistent store:
   * each one's ID is remembered for duplicate detection, its expiration timer armed (a bundle that
   * expired meanwhile is deleted at once, RFC 9171 §5.5) and it is dispatched again (§5.3). Call it
   * once, after attaching the convergence layers and before traffic flows: it reads {@link
   * BundleStore#forEach}, which may block. Completes on the agent's thread with how many bundles
   * were taken up.
   */
  public CompletableFuture<Integer> recover() {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          List<Pending> recovered = held.takeUpStored();
          for (Pending p : recovered) {
            if (p.remainingLifetimeMillis(scheduler) <= 0) {
              delete(p, StatusReportReason.LIFETIME_EXPIRED);
            } else {
              held.armExpiry(p);
              dispatch(p);
            }
          }
          result.complete(recovered.size());
        });
    return result;
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle transmission (RFC 9171 §5.2)

  /**
   * Sends {@code payload} from {@code source} (an endpoint on this node, or {@code dtn:none} for an
   * anonymous bundle) to {@code destination} (RFC 9171 §5.2): creates the bundle with a creation
   * timestamp from the scheduler's clock, stores it and dispatches it. Completes on the agent's
   * thread with {@link TransmitResult.Accepted} once the bundle is stored, or {@link
   * TransmitResult.Refused} (depleted storage).
   *
   * <p>RFC 9171 §4.2.5.2 lets any singleton endpoint of a node act as its node ID; the agent uses
   * the application's endpoint as the source, so that replies (the echo service) can reach it.
   *
   * @throws IllegalArgumentException if {@code source} is not on this node (nor {@code dtn:none}),
   *     {@code destination} is the null endpoint, or the options break RFC 9171 §4.2.3 (an
   *     anonymous bundle that requests reports)
   */
  public CompletableFuture<TransmitResult> transmit(
      EndpointId source, EndpointId destination, byte[] payload, TransmitOptions options) {
    checkTransmission(source, destination, options);
    return transmitPayload(
        source, destination, CanonicalBlock.payload(ByteBuffer.wrap(payload.clone())), options);
  }

  private void checkTransmission(
      EndpointId source, EndpointId destination, TransmitOptions options) {
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(options, "options");
    if (!source.isNull() && !isLocal(source)) {
      throw new IllegalArgumentException(source + " is not an endpoint of node " + nodeId);
    }
    if (destination.isNull()) {
      throw new IllegalArgumentException("cannot send a bundle to " + destination);
    }
  }

  private CompletableFuture<TransmitResult> transmitPayload(
      EndpointId source, EndpointId destination, CanonicalBlock payload, TransmitOptions options) {
    BundleProcessingFlags flags =
        source.isNull()
            ? options.flags().with(BundleProcessingFlags.MUST_NOT_FRAGMENT)
            : options.flags();
    // Fail fast on the caller's thread if the combination is invalid.
    PrimaryBlock template =
        new PrimaryBlock(
            flags,
            CrcType.CRC32C,
            destination,
            source,
            options.reportTo(),
            new CreationTimestamp(1, 0),
            options.lifetimeMillis(),
            0,
            0);
    CompletableFuture<TransmitResult> result = new CompletableFuture<>();
    scheduler.execute(
        () -> {
          PrimaryBlock primary =
              new PrimaryBlock(
                  template.flags(),
                  template.crcType(),
                  template.destination(),
                  template.source(),
                  template.reportTo(),
                  nextCreationTimestamp(),
                  template.lifetimeMillis(),
                  0,
                  0);
          List<CanonicalBlock> blocks = new ArrayList<>(2);
          if (options.hopLimit() > 0) {
            blocks.add(
                new CanonicalBlock(
                    BlockType.HOP_COUNT,
                    2,
                    BlockProcessingFlags.NONE,
                    CrcType.CRC32C,
                    ExtensionBlocks.hopCountData(new HopCount(options.hopLimit(), 0))));
          }
          blocks.add(payload);
          originate(Bundle.of(primary, blocks), result);
        });
    return result;
  }

  /**
   * Sends the contents of the file {@code payloadFile} as the payload of a new bundle, as {@link
   * #transmit(EndpointId, EndpointId, byte[], TransmitOptions)} does with an array, without ever
   * holding the payload in the heap (any size, over 4 GiB included; docs/agent.md, "Large
   * payloads"). On the calling thread, the file is hard-linked into the {@linkplain
   * Builder#payloadDirectory payload directory} (copied if it cannot be linked, which takes time
   * proportional to its size); the bundle's payload is that agent-owned file, which the agent
   * deletes once it no longer holds the bundle. The application keeps its own file and may delete
   * it when this returns, but must not modify it in place afterwards (with a hard link the bytes
   * are shared): replace it by writing a new file and renaming it instead.
   *
   * @throws IllegalStateException if the agent has no payload directory
   * @throws IllegalArgumentException as {@link #transmit(EndpointId, EndpointId, byte[],
   *     TransmitOptions)}
   * @throws UncheckedIOException if the file cannot be linked or copied
   */
  public CompletableFuture<TransmitResult> transmit(
      EndpointId source, EndpointId destination, Path payloadFile, TransmitOptions options) {
    Objects.requireNonNull(payloadFile, "payloadFile");
    checkTransmission(source, destination, options);
    Path staged;
    try {
      staged = payloads.stage(payloadFile);
    } catch (IOException e) {
      throw new UncheckedIOException("could not take over the payload file " + payloadFile, e);
    }
    try {
      CanonicalBlock block = CanonicalBlock.payload(PayloadFile.of(staged));
      CompletableFuture<TransmitResult> result =
          transmitPayload(source, destination, block, options);
      return result.whenComplete(
          (outcome, fault) -> {
            if (!(outcome instanceof TransmitResult.Accepted)) {
              PayloadDirectory.deleteQuietly(staged);
            }
          });
    } catch (IOException e) {
      PayloadDirectory.deleteQuietly(staged);
      throw new UncheckedIOException("could not read the size of " + staged, e);
    } catch (RuntimeException e) {
      PayloadDirectory.deleteQuietly(staged);
      throw e;
    }
  }

  /**
   * Stores a bundle this node created and dispatches it; completes {@code result} (if not null)
   * with the outcome.
   */
  private void originate(Bundle bundle, CompletableFuture<TransmitResult> result) {
    Pending p = new Pending(bundle, scheduler.nowMillis(), EndpointId.NONE);
    held.remember(p.id());
    LOG.debug("{}: created {}", nodeId, bundle);
    held.storeThen(
        p,
        stored -> {
          if (!stored) {
            if (result != null) {
              result.complete(new TransmitResult.Refused(StatusReportReason.DEPLETED_STORAGE));
            }
            return;
          }
          if (result != null) {
            result.complete(new TransmitResult.Accepted(p.id()));
          }
          dispatch(p);
        });
  }

  private CreationTimestamp nextCreationTimestamp() {
    long now = scheduler.dtnTimeMillis();
    if (now == lastCreationTimeMillis) {
      sequenceNumber++;
    } else {
      lastCreationTimeMillis = now;
      sequenceNumber = 0;
    }
    return new CreationTimestamp(now, sequenceNumber);
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle reception (RFC 9171 §5.6)

  /**
   * A convergence layer received {@code bundle} over {@code link} (RFC 9171 §5.6). Queued on the
   * agent's thread; the same as {@link ConvergenceLayer.Listener#bundleReceived}.
   *
   * @return completes on the agent's thread once the agent has taken responsibility for the bundle
   *     (stored it, durably for a persistent store, or processed it to the end), found it a
   *     duplicate, or refused it (depleted storage); callers that do I/O in reaction hop to their
   *     own thread
   */
  public CompletableFuture<ReceiveResult> receive(Bundle bundle, Link link) {
    Objects.requireNonNull(bundle, "bundle");
    EndpointId from = link.peerNodeId();
    CompletableFuture<ReceiveResult> result = new CompletableFuture<>();
    scheduler.execute(() -> onReceive(bundle, from, result));
    return result;
  }

  /**
   * A convergence layer received {@code prefix}, the leading octets of an encoded bundle whose
   * transfer over {@code link} was cut short; the same as {@link
   * ConvergenceLayer.Listener#bundlePrefixReceived}. With {@linkplain Builder#reactiveFragmentation
   * reactive fragmentation} on, the prefix becomes a fragment if it can ({@link
   * BundleCodec#decodePrefix}: the primary block and every block before the payload whole and
   * valid, the payload block's header and at least one payload octet, and a bundle that may be
   * fragmented), and that fragment is received like any bundle (RFC 9171 §5.6: duplicate detection,
   * reports, store); the payload block's CRC cannot be checked on a prefix and the fragment gets a
   * new one. Otherwise nothing is kept.
   *
   * @return completes on the agent's thread as {@link #receive} does; {@link ReceiveResult.Refused}
   *     when nothing was kept
   */
  public CompletableFuture<ReceiveResult> receivePrefix(byte[] prefix, Link link) {
    Objects.requireNonNull(prefix, "prefix");
    EndpointId from = link.peerNodeId();
    CompletableFuture<ReceiveResult> result = new CompletableFuture<>();
    scheduler.execute(() -> onReceivePrefix(prefix, from, result));
    return result;
  }

  private void onReceivePrefix(
      byte[] prefix, EndpointId from, CompletableFuture<ReceiveResult> result) {
    if (!reactiveFragmentation) {
      LOG.debug(
          "{}: dropping the {} octets of a cut transfer from {}: reactive fragmentation is off",
          nodeId,
          prefix.length,
          from);
      result.complete(new ReceiveResult.Refused(StatusReportReason.NO_ADDITIONAL_INFORMATION));
      return;
    }
    Bundle fragment;
    try {
      fragment = BundleCodec.DEFAULT.decodePrefix(prefix);
    } catch (BundleFormatException e) {
      LOG.debug(
          "{}: keeping nothing of the {} octets of a cut transfer from {}: {}",
          nodeId,
          prefix.length,
          from,
          e.getMessage());
      result.complete(new ReceiveResult.Refused(e.reason()));
      return;
    }
    LOG.debug(
        "{}: keeping {} payload octets of a cut transfer from {} as {}",
        nodeId,
        fragment.payloadBlock().dataSizeBytes(),
        from,
        fragment.id());
    result.thenAccept(
        outcome -> {
          if (outcome instanceof ReceiveResult.Accepted) {
            prefixFragmentsKept++;
          }
        });
    onReceive(fragment, from, result);
  }

  private void onReceive(Bundle bundle, EndpointId from, CompletableFuture<ReceiveResult> result) {
    BundleId id = bundle.id();
    if (!held.firstSeen(id)) {
      duplicatesDiscarded++;
      LOG.debug("{}: discarded duplicate {} from {}", nodeId, id, from);
      payloads.deleteOwned(bundle);
      result.complete(ReceiveResult.DUPLICATE);
      return;
    }
    // Step 1: retention constraint "Dispatch pending" (kept in the store's metadata).
    Pending p = new Pending(bundle, scheduler.nowMillis(), from);
    LOG.debug("{}: received {} from {}", nodeId, bundle, from);
    // Step 2: reception report.
    if (BundleStatus.RECEIVED.isRequestedBy(bundle.primary().flags())) {
      report(bundle, BundleStatus.RECEIVED, StatusReportReason.NO_ADDITIONAL_INFORMATION);
    }
    if (p.remainingLifetimeMillis(scheduler) <= 0) {
      delete(p, StatusReportReason.LIFETIME_EXPIRED);
      result.complete(ReceiveResult.ACCEPTED);
      return;
    }
    Optional<HopCount> hops = bundle.hopCount();
    if (hops.isPresent() && hops.get().isExceeded()) {
      delete(p, StatusReportReason.HOP_LIMIT_EXCEEDED);
      result.complete(ReceiveResult.ACCEPTED);
      return;
    }
    // Step 3 (CRC, block validity) was done by the decoder in the convergence layer.
    Bundle processed = withoutUnprocessableBlocks(p);
    if (processed == null) {
      result.complete(ReceiveResult.ACCEPTED);
      return;
    }
    if (security != SecurityProcessor.NONE) {
      SecurityOutcome outcome = security.atReception(processed);
      if (outcome instanceof SecurityOutcome.Delete d) {
        delete(p, d.reason());
        result.complete(ReceiveResult.ACCEPTED);
        return;
      }
      processed = securityReplaced(processed, ((SecurityOutcome.Continue) outcome).bundle());
    }
    p.bundle = processed;
    held.storeThen(
        p,
        stored -> {
          if (stored) {
            result.complete(ReceiveResult.ACCEPTED);
            dispatch(p);
          } else {
            result.complete(new ReceiveResult.Refused(StatusReportReason.DEPLETED_STORAGE));
            delete(p, StatusReportReason.DEPLETED_STORAGE);
          }
        });
  }

  /**
   * §5.6 step 4, for the blocks of {@code p}'s bundle that this node cannot process: a "block
   * unsupported" report if such a block asks for one; then the bundle is deleted if such a block
   * asks for that, else the blocks flagged "discard if unprocessable" are removed. Returns the
   * bundle to go on with, or null if it was deleted.
   */
  private Bundle withoutUnprocessableBlocks(Pending p) {
    Bundle bundle = p.bundle;
    Bundle processed = bundle;
    boolean reportUnsupported = false;
    List<CanonicalBlock> unknown = bundle.unknownBlocks();
    for (int i = 0; i < unknown.size(); i++) {
      CanonicalBlock block = unknown.get(i);
      if (block.flags().reportIfUnprocessable()) {
        reportUnsupported = true;
      }
      if (block.flags().deleteBundleIfUnprocessable()) {
        if (reportUnsupported) {
          report(bundle, BundleStatus.RECEIVED, StatusReportReason.BLOCK_UNSUPPORTED);
        }
        delete(p, StatusReportReason.BLOCK_UNSUPPORTED);
        return null;
      }
      if (block.flags().discardBlockIfUnprocessable()) {
        processed = processed.withoutBlock(block.number());
      }
    }
    if (reportUnsupported) {
      report(bundle, BundleStatus.RECEIVED, StatusReportReason.BLOCK_UNSUPPORTED);
    }
    return processed;
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle expiration (RFC 9171 §5.5)

  /** {@code p}'s expiration timer went off: unless it is gone already, its lifetime ended. */
  private void expire(Pending p) {
    if (!p.done) {
      LOG.debug("{}: {} expired", nodeId, p.id());
      delete(p, StatusReportReason.LIFETIME_EXPIRED);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle dispatching (RFC 9171 §5.3)

  /**
   * §5.3: a bundle for an endpoint of this node is delivered (§5.7), any other forwarded (§5.4).
   */
  private void dispatch(Pending p) {
    if (p.done) {
      return;
    }
    if (isLocal(p.bundle.primary().destination())) {
      deliverLocally(p);
    } else {
      forward(p);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle forwarding (RFC 9171 §5.4, §5.4.1, §5.4.2)

  /**
   * §5.4 steps 2 and 3: the router selects the nodes and links (forward now), says when to try
   * again (forwarding is contraindicated for now, §5.4.1), asks for anticipatory fragmentation
   * (§5.8), or finds no route (forwarding failed, §5.4.2). A bundle being sent or fragmented is
   * left alone.
   */
  private void forward(Pending p) {
    if (p.done || p.sendsOutstanding > 0 || p.fragmenting) {
      return;
    }
    p.cancelRetry();
    p.waiting = false;
    RoutingDecision decision = router.route(p.bundle, linksUpList, scheduler.nowMillis());
    if (decision instanceof RoutingDecision.Forward f) {
      forwardOver(p, f.links());
    } else if (decision instanceof RoutingDecision.WaitUntil w) {
      LOG.debug("{}: {} waits until {}", nodeId, p.id(), w.atMillis());
      p.waiting = true;
      p.retry = scheduler.scheduleAt(w.atMillis(), () -> forward(p));
    } else if (decision instanceof RoutingDecision.WaitForLink w) {
      LOG.debug("{}: {} waits for a link to {}", nodeId, p.id(), w.nextHop());
      p.waiting = true;
    } else if (decision instanceof RoutingDecision.Fragment f) {
      fragment(p, f.maxFirstFragmentSizeBytes());
    } else {
      forwardingFailed(p, StatusReportReason.NO_KNOWN_ROUTE);
    }
  }

  /**
   * §5.4 steps 4 and 5 over the links the router chose, those of them that are up: the bundle is
   * prepared for forwarding once (which may delete it), then sent over each link that takes it,
   * whole or as fragments. Forwarding is contraindicated if no chosen link is up or none takes it.
   */
  private void forwardOver(Pending p, List<Link> chosen) {
    List<Link> up = new ArrayList<>(chosen.size());
    for (int i = 0; i < chosen.size(); i++) {
      if (linksUp.contains(chosen.get(i))) {
        up.add(chosen.get(i));
      }
    }
    if (up.isEmpty()) {
      contraindicate(p, null);
      return;
    }
    Bundle outgoing = prepareForForwarding(p);
    if (outgoing == null) {
      return;
    }
    Path attemptFile = payloads.ownedFileOnlyIn(outgoing, p.bundle);
    if (up.size() == 1) {
      List<Bundle> units = unitsFor(p, outgoing, up.get(0));
      if (units == null) {
        PayloadDirectory.deleteQuietly(attemptFile);
        contraindicate(p, "too large for every link, and cannot be fragmented to fit");
      } else {
        p.attemptFile = attemptFile;
        sendOver(p, up.get(0), units);
      }
      return;
    }
    Map<Link, List<Bundle>> plan = new LinkedHashMap<>();
    for (Link link : up) {
      List<Bundle> units = unitsFor(p, outgoing, link);
      if (units != null) {
        plan.put(link, units);
      }
    }
    if (plan.isEmpty()) {
      PayloadDirectory.deleteQuietly(attemptFile);
      contraindicate(p, "too large for every link, and cannot be fragmented to fit");
      return;
    }
    p.attemptFile = attemptFile;
    plan.forEach((link, units) -> sendOver(p, link, units));
  }

  /**
   * §5.4 step 4: hop count, previous node, security, bundle age. Returns the bundle to send, or
   * null if it was deleted.
   */
  private Bundle prepareForForwarding(Pending p) {
    Bundle b = p.bundle;
    Optional<HopCount> hops = b.hopCount();
    if (hops.isPresent()) {
      HopCount next = hops.get().increment();
      if (next.isExceeded()) {
        delete(p, StatusReportReason.HOP_LIMIT_EXCEEDED);
        return null;
      }
      b = b.withHopCount(next);
    }
    b = b.withExtension(BlockType.PREVIOUS_NODE, previousNodeData);
    if (security != SecurityProcessor.NONE) {
      SecurityOutcome outcome = security.beforeForwarding(b);
      if (outcome instanceof SecurityOutcome.Delete d) {
        delete(p, d.reason());
        return null;
      }
      b = ((SecurityOutcome.Continue) outcome).bundle();
    }
    if (b.bundleAgeMillis().isPresent()) {
      b = b.withBundleAgeMillis(p.ageAtReceiptMillis + scheduler.nowMillis() - p.receivedAtMillis);
    }
    return b;
  }

  /**
   * What goes over {@code link}: {@code outgoing} itself if it fits the link's maximum bundle size,
   * else its fragments (proactive fragmentation, RFC 9171 §5.8); null if it neither fits nor may be
   * fragmented to fit (the "bundle must not be fragmented" flag, or a limit too small for one
   * payload byte).
   */
  private List<Bundle> unitsFor(Pending p, Bundle outgoing, Link link) {
    OptionalLong max = link.maxBundleSizeBytes();
    if (max.isEmpty()) {
      return List.of(outgoing);
    }
    if (max.getAsLong() <= 0) {
      LOG.debug("{}: {} takes no bundles (maximum {})", nodeId, link, max.getAsLong());
      return null;
    }
    Fragmentation result = Fragmentation.of(outgoing, max.getAsLong());
    if (result instanceof Fragmentation.Fragments fragments) {
      if (fragments.bundles().size() > 1) {
        LOG.debug(
            "{}: fragmenting {} into {} for {}",
            nodeId,
            p.id(),
            fragments.bundles().size(),
            link.peerNodeId());
      }
      return fragments.bundles();
    }
    LOG.debug("{}: {} does not go to {}: {}", nodeId, p.id(), link.peerNodeId(), result);
    return null;
  }

  /**
   * Sends {@code units} (the bundle or its fragments) over {@code link}; the send concludes when
   * every unit's send did, successfully only if all of them succeeded.
   */
  private void sendOver(Pending p, Link link, List<Bundle> units) {
    p.linkSendStarted();
    LOG.debug("{}: forwarding {} to {}", nodeId, p.id(), link.peerNodeId());
    UnitSends sends = new UnitSends(units, scheduler.nowMillis());
    for (int i = 0; i < units.size(); i++) {
      int index = i;
      link.send(units.get(i))
          .whenComplete(
              (result, fault) ->
                  scheduler.execute(
                      () -> {
                        if (sends.concluded(index, result, fault)) {
                          sendConcluded(p, link, sends);
                        }
                      }));
    }
  }

  /** §5.4 step 5. */
  private void sendConcluded(Pending p, Link link, UnitSends sends) {
    boolean sent = sends.result instanceof SendResult.Sent;
    if (!sent) {
      LOG.warn(
          "{}: sending {} to {} failed: {}",
          nodeId,
          p.id(),
          link.peerNodeId(),
          sends.fault != null ? sends.fault : sends.result);
    }
    if (!p.linkSendConcluded(sent)) {
      return;
    }
    // the attempt is over: a payload file made for it alone (BPSec's ciphertext) has done its job;
    // a fragment kept below (reactive) has a file of its own
    PayloadDirectory.deleteQuietly(p.attemptFile);
    p.attemptFile = null;
    if (p.done) {
      return;
    }
    if (p.sentOnce) {
      if (BundleStatus.FORWARDED.isRequestedBy(p.bundle.primary().flags())) {
        report(p.bundle, BundleStatus.FORWARDED, StatusReportReason.NO_ADDITIONAL_INFORMATION);
      }
      held.release(p);
    } else if (!(reactiveFragmentation
        && p.linksThisAttempt == 1
        && keepWhatIsLeft(p, link, sends))) {
      contraindicate(p, "every send failed");
    }
  }

  /**
   * Forwarding is contraindicated for now (§5.4.1): the bundle waits for a link to come up or for
   * the retry interval, whichever comes first, unless its lifetime ends before.
   */
  private void contraindicate(Pending p, String why) {
    if (why != null) {
      LOG.debug("{}: forwarding {} contraindicated: {}", nodeId, p.id(), why);
    }
    p.waiting = true;
    p.retry = scheduler.schedule(retryInterval, () -> forward(p));
  }

  /** Forwarding failed (§5.4.2): the bundle is deleted, or kept if it is for this node. */
  private void forwardingFailed(Pending p, StatusReportReason reason) {
    if (isLocal(p.bundle.primary().destination())) {
      held.release(p);
    } else {
      delete(p, reason);
    }
  }

  /** The router asked to route {@code id} again ({@link Router.Rerouting}): if it waits, now. */
  private void routeAgain(BundleId id) {
    Pending p = held.get(id);
    if (p != null && p.waiting && !p.done) {
      LOG.debug("{}: routing {} again at the router's request", nodeId, id);
      forward(p);
    }
  }

  private void linkUp(Link link) {
    if (!linksUp.add(link)) {
      return;
    }
    linksUpList = List.copyOf(linksUp);
    LOG.info("{}: link to {} up", nodeId, link.peerNodeId());
    router.linkUp(link);
    for (Pending p : held.snapshot()) {
      if (p.waiting && !p.done) {
        forward(p);
      }
    }
  }

  private void linkDown(Link link) {
    if (linksUp.remove(link)) {
      linksUpList = List.copyOf(linksUp);
      LOG.info("{}: link to {} down", nodeId, link.peerNodeId());
      router.linkDown(link);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Fragmentation that replaces the bundle held here (RFC 9171 §5.8): anticipatory, at the
  // router's request, and reactive, after a send was cut

  /**
   * Anticipatory fragmentation at the router's request ({@link RoutingDecision.Fragment}, RFC 9171
   * §5.8): the bundle is replaced by two fragments, the first encoding to at most {@code
   * maxFirstFragmentSizeBytes}. The fragments are new bundles with the original's reception time
   * and sender; a later fragment keeps the original's Previous Node block (§4.4.1), so the router
   * still knows where the piece came from. Both are stored; only then does the original leave the
   * store (a crash in between leaves all three, and recovery dispatches them: copies are discarded
   * downstream as duplicates or overlaps); then each fragment is dispatched, the first one first. A
   * piece this node holds or saw recently is a duplicate and dropped (RFC 9171 §5.6 step 1 applies
   * the same rule to a received bundle). A bundle that must not be fragmented, fits already, or
   * cannot be split so is not split: the refusal is logged and forwarding is contraindicated; so it
   * is when a fragment cannot be stored (the original stays).
   */
  private void fragment(Pending p, long maxFirstFragmentSizeBytes) {
    Fragmentation result = Fragmentation.split(p.bundle, maxFirstFragmentSizeBytes);
    if (!(result instanceof Fragmentation.Fragments split) || split.bundles().size() < 2) {
      LOG.warn(
          "{}: not fragmenting {} to a first fragment of at most {} bytes as the router asks: {}",
          nodeId,
          p.id(),
          maxFirstFragmentSizeBytes,
          result instanceof Fragmentation.MustNotFragment
              ? "it is flagged 'bundle must not be fragmented' (RFC 9171 §4.2.3)"
              : result instanceof Fragmentation.LimitTooSmall small
                  ? small.problem()
                  : "its encoding fits already");
      contraindicate(p, null);
      return;
    }
    Optional<CanonicalBlock> previousNode = p.bundle.firstBlockOfType(BlockType.PREVIOUS_NODE);
    List<Pending> parts = new ArrayList<>(2);
    try {
      for (Bundle piece : split.bundles()) {
        if (held.isHere(piece.id())) {
          LOG.debug("{}: fragment {} of {} is here already", nodeId, piece.id(), p.id());
          continue;
        }
        if (previousNode.isPresent() && piece.firstBlockOfType(BlockType.PREVIOUS_NODE).isEmpty()) {
          piece = piece.withBlock(previousNode.get());
        }
        parts.add(new Pending(payloads.withOwnFile(piece), p.receivedAtMillis, p.receivedFrom));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: could not fragment {}: {}", nodeId, p.id(), e.toString());
      parts.forEach(part -> payloads.deleteOwned(part.bundle));
      contraindicate(p, null);
      return;
    }
    LOG.debug(
        "{}: fragmenting {} at the router's request, first fragment at most {} bytes",
        nodeId,
        p.id(),
        maxFirstFragmentSizeBytes);
    p.fragmenting = true;
    p.waiting = false;
    held.storeAllThen(parts, stored -> fragmentsStored(p, parts, stored));
  }

  /** The stores of {@code original}'s fragments concluded (§5.8): it leaves, they go on. */
  private void fragmentsStored(Pending original, List<Pending> parts, boolean stored) {
    original.fragmenting = false;
    if (!stored || original.done) {
      for (Pending part : parts) {
        held.release(part);
        held.forget(part.id());
      }
      if (!original.done) {
        contraindicate(original, "its fragments could not be stored");
      }
      return;
    }
    held.release(original);
    for (Pending part : parts) {
      dispatch(part);
    }
  }

  /**
   * Reactive fragmentation (RFC 9171 §5.8; RFC 9174 §3.2), after a forwarding attempt over one link
   * failed: if the peer took part of what was sent (a unit acknowledged whole, or a cut unit whose
   * acknowledged prefix reaches into its payload), what is left becomes fragments that replace
   * {@code p}: the rest of each cut unit's payload ({@link Fragmentation#remainder}) and each unit
   * the peer took nothing of. Offsets are computed on the units as they were encoded and sent (the
   * forwarded form: Previous Node, Hop Count, Bundle Age, security blocks), and the fragments are
   * made from those units, with the Hop Count of the bundle kept here (the next attempt counts the
   * hop again) and the Bundle Age as of the attempt. The fragments are stored first; {@code p}
   * leaves the store only once all of them are in it (docs/storage.md), then they are dispatched.
   * Returns false, changing nothing, when the peer took nothing or the fragments cannot be made:
   * the bundle is then sent again whole.
   */
  private boolean keepWhatIsLeft(Pending p, Link link, UnitSends sends) {
    List<Bundle> left = sends.whatIsLeft();
    if (left == null) {
      return false;
    }
    List<Pending> pieces = new ArrayList<>(left.size());
    for (Bundle piece : left) {
      Bundle owned = held.holds(piece.id()) ? null : withOwnPayload(piece);
      if (owned == null) {
        pieces.forEach(q -> payloads.deleteOwned(q.bundle));
        return false;
      }
      if (owned.hopCount().isPresent() && p.bundle.hopCount().isPresent()) {
        owned = owned.withHopCount(p.bundle.hopCount().get());
      }
      pieces.add(new Pending(owned, sends.sentAtMillis, p.receivedFrom));
    }
    LOG.debug(
        "{}: sending {} to {} was cut; sending only what it did not take: {}",
        nodeId,
        p.id(),
        link.peerNodeId(),
        pieces.stream().map(Pending::id).toList());
    // p is neither waiting nor being sent now: nothing forwards it until this concludes
    held.storeAllThen(
        pieces,
        allStored -> {
          if (p.done) {
            pieces.forEach(held::release); // deleted meanwhile (expired): so are its pieces
          } else if (!allStored) {
            pieces.forEach(held::release);
            contraindicate(p, "no room to store what is left of it");
          } else {
            remainderFragmentsMade++;
            held.release(p);
            pieces.forEach(this::dispatch);
          }
        });
    return true;
  }

  /**
   * {@link PayloadDirectory#withOwnFile}, or null if the file cannot be linked or copied (or there
   * is no payload directory): the caller then keeps the bundle whole.
   */
  private Bundle withOwnPayload(Bundle piece) {
    try {
      return payloads.withOwnFile(piece);
    } catch (IOException | IllegalStateException e) {
      LOG.debug("{}: cannot keep a part of {}: {}", nodeId, piece.id(), e.toString());
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Local bundle delivery (RFC 9171 §5.7), administrative records (§6.1) and the echo service

  /**
   * §5.7: a fragment goes to reassembly (step 1, §5.9). A whole bundle, after the security
   * processor, goes to the administrative endpoint (§6.1), to the application registered for its
   * destination (step 2: at once if the registration is active and has nothing deferred, else per
   * its delivery failure action) or to the echo service; without any, it is deleted (destination
   * endpoint ID unavailable).
   */
  private void deliverLocally(Pending p) {
    Bundle bundle = p.bundle;
    if (bundle.primary().isFragment()) {
      reassemble(p);
      return;
    }
    discardFragmentsOf(p.id());
    if (security != SecurityProcessor.NONE) {
      SecurityOutcome outcome = security.atLocalDelivery(bundle);
      if (outcome instanceof SecurityOutcome.Delete d) {
        delete(p, d.reason());
        return;
      }
      p.bundle = securityReplaced(p.bundle, ((SecurityOutcome.Continue) outcome).bundle());
    }
    EndpointId destination = bundle.primary().destination();
    if (destination.equals(nodeId)) {
      deliverToAdministrativeEndpoint(p);
      return;
    }
    Registration r = registrations.get(destination);
    if (r == null) {
      if (destination.equals(endpoint(ECHO_SERVICE))) {
        echo(p);
        return;
      }
      delete(p, StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE);
      return;
    }
    if (r.active && r.deferred.isEmpty()) {
      deliverTo(r, p);
    } else {
      deliveryFailed(r, p);
    }
  }

  /** Hands the bundle to the application; if it throws, delivery failed (§5.7 step 2). */
  private void deliverTo(Registration r, Pending p) {
    try {
      r.listener().deliver(p.bundle);
    } catch (RuntimeException e) {
      LOG.warn("{}: application at {} failed to take {}", nodeId, r.endpoint(), p.id(), e);
      deliveryFailed(r, p);
      return;
    }
    delivered(p);
  }

  /** §5.7 step 2, the registration's delivery failure action: defer or abandon (delete). */
  private void deliveryFailed(Registration r, Pending p) {
    if (r.failureAction() == DeliveryFailureAction.DEFER) {
      r.deferred.add(p);
    } else {
      delete(p, StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE);
    }
  }

  /** §5.7 step 3: the bundle was delivered; a delivery report if asked for; it is released. */
  private void delivered(Pending p) {
    LOG.debug("{}: delivered {}", nodeId, p.id());
    if (BundleStatus.DELIVERED.isRequestedBy(p.bundle.primary().flags())) {
      report(p.bundle, BundleStatus.DELIVERED, StatusReportReason.NO_ADDITIONAL_INFORMATION);
    }
    held.release(p);
  }

  /**
   * §6.1: an administrative record for this node goes to the {@link AdministrativeRecordListener};
   * anything else addressed to the node ID is deleted, a malformed or file-backed record dropped.
   */
  private void deliverToAdministrativeEndpoint(Pending p) {
    Bundle bundle = p.bundle;
    if (!bundle.primary().flags().isAdministrativeRecord()) {
      delete(p, StatusReportReason.DESTINATION_ENDPOINT_ID_UNAVAILABLE);
      return;
    }
    if (bundle.payloadBlock().isFileBacked()) {
      LOG.warn(
          "{}: discarding administrative record {} of {} bytes: too large",
          nodeId,
          p.id(),
          bundle.payloadBlock().dataSizeBytes());
      held.release(p);
      return;
    }
    AdministrativeRecord record;
    try {
      record = AdministrativeRecord.fromBundle(bundle);
    } catch (AdministrativeRecordException e) {
      LOG.warn("{}: discarding malformed administrative record {}: {}", nodeId, p.id(), e);
      held.release(p);
      return;
    }
    held.release(p);
    adminListener.administrativeRecordReceived(bundle, record);
  }

  /**
   * The echo service: the payload goes back to the source in a new bundle. A file-backed payload
   * gets a name of its own in the payload directory (a hard link, instant) before the received
   * bundle is released, which deletes the received file.
   */
  private void echo(Pending p) {
    Bundle bundle = p.bundle;
    EndpointId replyTo = bundle.primary().source();
    CanonicalBlock payload = bundle.payloadBlock();
    PayloadFile replyFile = null;
    if (!replyTo.isNull() && payload.isFileBacked()) {
      try {
        replyFile = payloads.ownFileOf(payload.dataFile(), "echo-");
      } catch (IOException | IllegalStateException e) {
        LOG.warn("{}: could not echo {}: {}", nodeId, p.id(), e.toString());
        replyTo = EndpointId.NONE;
      }
    }
    delivered(p);
    if (replyTo.isNull()) {
      return;
    }
    PrimaryBlock primary =
        PrimaryBlock.of(
            replyTo,
            endpoint(ECHO_SERVICE),
            nextCreationTimestamp(),
            bundle.primary().lifetimeMillis());
    CanonicalBlock reply =
        replyFile != null
            ? CanonicalBlock.payload(replyFile)
            : CanonicalBlock.payload(ByteBuffer.wrap(payload.dataBytes()));
    originate(Bundle.of(primary, reply), null);
  }

  /**
   * A security hook at reception or local delivery returned {@code replacement} for {@code
   * original}, which it replaces here: a payload file of the payload directory that only the
   * original used (the received ciphertext, once decrypted into a new file) is deleted.
   */
  private Bundle securityReplaced(Bundle original, Bundle replacement) {
    PayloadDirectory.deleteQuietly(payloads.ownedFileOnlyIn(original, replacement));
    return replacement;
  }

  // ---------------------------------------------------------------------------------------------
  // ADU reassembly (RFC 9171 §5.9)

  /**
   * §5.9: a fragment for this node is kept ("reassembly pending") until the fragments kept cover
   * its ADU; then they are released and the reassembled bundle is stored and delivered, once: later
   * fragments of a bundle this node has seen whole are discarded. A fragment that adds nothing is
   * released at once; one the reassembly limits refuse is deleted (depleted storage).
   */
  private void reassemble(Pending p) {
    BundleId aduId = Reassembly.aduId(p.bundle);
    if (held.isHere(aduId)) {
      LOG.debug("{}: discarding fragment {}: its bundle was here whole already", nodeId, p.id());
      held.release(p);
      return;
    }
    Reassembly.Outcome outcome = keptFragments.add(p);
    if (outcome instanceof Reassembly.Incomplete incomplete) {
      LOG.debug(
          "{}: fragment {} kept, {} bytes missing", nodeId, p.id(), incomplete.missingBytes());
    } else if (outcome instanceof Reassembly.Redundant) {
      LOG.debug("{}: fragment {} adds nothing to its ADU", nodeId, p.id());
      held.release(p);
    } else if (outcome instanceof Reassembly.Refused refused) {
      LOG.warn("{}: deleting fragment {}: {}", nodeId, p.id(), refused.problem());
      delete(p, StatusReportReason.DEPLETED_STORAGE);
    } else {
      Bundle whole = ((Reassembly.Complete) outcome).bundle();
      List<Pending> parts = keptFragments.completedBy(aduId, p);
      LOG.debug("{}: reassembled {}", nodeId, aduId);
      Pending reassembled = new Pending(whole, p.receivedAtMillis, p.receivedFrom);
      held.remember(aduId);
      // The fragments leave the store only once the whole bundle is in it: a crash in between
      // leaves both, and recovery delivers the whole bundle and discards the fragments.
      held.storeThen(
          reassembled,
          stored -> {
            if (stored) {
              parts.forEach(held::release);
              dispatch(reassembled);
            } else {
              parts.forEach(f -> delete(f, StatusReportReason.DEPLETED_STORAGE));
              delete(reassembled, StatusReportReason.DEPLETED_STORAGE);
            }
          });
    }
  }

  /**
   * The bundle with this ID arrived whole (for example sent again whole after a cut transfer whose
   * prefix this node kept as a fragment): the fragments kept to reassemble it are not needed.
   */
  private void discardFragmentsOf(BundleId aduId) {
    List<Pending> fragments = keptFragments.discard(aduId);
    if (fragments != null) {
      LOG.debug(
          "{}: {} arrived whole; discarding its {} fragments", nodeId, aduId, fragments.size());
      fragments.forEach(held::release);
    }
  }

  /**
   * When a fragment kept for reassembly is deleted (its lifetime expired, §5.5), the ADU cannot be
   * completed: the other fragments kept for it are deleted for the same reason.
   */
  private void abandonReassembly(Pending p, StatusReportReason reason) {
    List<Pending> fragments = keptFragments.abandon(p);
    if (fragments != null) {
      for (Pending f : fragments) {
        delete(f, reason);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bundle deletion (RFC 9171 §5.10)

  /**
   * Deletes the bundle with this ID if this node holds it (RFC 9171 §5.10), for example with {@link
   * StatusReportReason#TRANSMISSION_CANCELED}; a deletion report is sent if asked for.
   */
  public void delete(BundleId id, StatusReportReason reason) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(reason, "reason");
    scheduler.execute(
        () -> {
          Pending p = held.get(id);
          if (p != null) {
            delete(p, reason);
          }
        });
  }

  /**
   * §5.10: a deletion report if asked for (step 1), then every retention constraint removed (step
   * 2); when the bundle was a fragment kept for reassembly, the ADU is abandoned.
   */
  private void delete(Pending p, StatusReportReason reason) {
    if (p.done) {
      return;
    }
    LOG.debug("{}: deleting {}: {}", nodeId, p.id(), reason);
    if (BundleStatus.DELETED.isRequestedBy(p.bundle.primary().flags())) {
      report(p.bundle, BundleStatus.DELETED, reason);
    }
    held.release(p);
    abandonReassembly(p, reason);
  }

  // ---------------------------------------------------------------------------------------------
  // Status reports (RFC 9171 §6.1.1, §6.2)

  /**
   * Sends a status report asserting {@code status} about {@code subject} to its report-to EID, if
   * the node's policy allows and RFC 9171 §4.2.3 does not forbid it. The caller checks that the
   * bundle asked for it.
   */
  private void report(Bundle subject, BundleStatus status, StatusReportReason reason) {
    PrimaryBlock primary = subject.primary();
    if (!statusReportsEnabled
        || primary.flags().isAdministrativeRecord()
        || primary.source().isNull()
        || primary.reportTo().isNull()) {
      return;
    }
    BundleStatusReport report =
        BundleStatusReport.of(subject, status, reason, scheduler.dtnTimeMillis());
    Bundle bundle =
        report.toBundleFor(subject, nodeId, nextCreationTimestamp(), primary.lifetimeMillis());
    LOG.debug("{}: reporting {} of {} to {}", nodeId, status, subject.id(), primary.reportTo());
    originate(bundle, null);
  }

  // ---------------------------------------------------------------------------------------------

  private final class ClListener implements ConvergenceLayer.Listener {
    @Override
    public void linkUp(Link link) {
      Objects.requireNonNull(link, "link");
      scheduler.execute(() -> BundleProtocolAgent.this.linkUp(link));
    }

    @Override
    public void linkDown(Link link) {
      Objects.requireNonNull(link, "link");
      scheduler.execute(() -> BundleProtocolAgent.this.linkDown(link));
    }

    @Override
    public CompletionStage<ReceiveResult> bundleReceived(Link link, Bundle bundle) {
      return receive(bundle, link);
    }

    @Override
    public CompletionStage<ReceiveResult> bundlePrefixReceived(Link link, byte[] prefix) {
      return receivePrefix(prefix, link);
    }
  }

  @Override
  public String toString() {
    return "BundleProtocolAgent[" + nodeId + "]";
  }

  /**
   * Configures a {@link BundleProtocolAgent}. Defaults: a {@link StaticRoutingTable} with no
   * routes, an unbounded {@link InMemoryBundleStore}, {@link SecurityProcessor#NONE}, status
   * reports disabled, 10,000 remembered bundle IDs for duplicate detection, a retry interval of 30
   * s after a failed send, administrative records ignored. Not thread-safe.
   */
  public static final class Builder {
    private final IpnEndpoint nodeId;

    private final Scheduler scheduler;
    private Router router = new StaticRoutingTable(List.of());
    private BundleStore store = new InMemoryBundleStore();
    private SecurityProcessor security = SecurityProcessor.NONE;
    private boolean statusReportsEnabled;
    private int duplicateCapacity = 10_000;
    private Duration retryInterval = Duration.ofSeconds(30);
    private boolean reactiveFragmentation;
    private AdministrativeRecordListener adminListener = (bundle, record) -> {};
    private int reassemblyMaxAdus = Reassembly.DEFAULT_MAX_PENDING_ADUS;
    private long reassemblyMaxBytes = Reassembly.DEFAULT_MAX_PENDING_BYTES;
    private Path payloadDirectory;

    private Builder(long nodeNumber, Scheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      if (nodeNumber == 0) {
        throw new IllegalArgumentException("node number 0 is the null node (RFC 9758 §3.4.1)");
      }
      this.nodeId = EndpointId.ipn(nodeNumber, 0);
    }

    public Builder router(Router value) {
      this.router = Objects.requireNonNull(value, "router");
      return this;
    }

    public Builder store(BundleStore value) {
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    public Builder security(SecurityProcessor value) {
      this.security = Objects.requireNonNull(value, "security");
      return this;
    }

    /** The node's status reporting policy (RFC 9171 §5: "if status reporting is enabled"). */
    public Builder statusReportsEnabled(boolean value) {
      this.statusReportsEnabled = value;
      return this;
    }

    /** How many bundle IDs the agent remembers to detect duplicates; at least 1. */
    public Builder duplicateCapacity(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("duplicate capacity " + value + " < 1");
      }
      this.duplicateCapacity = value;
      return this;
    }

    /** How long a bundle waits after every send of it failed before the router is asked again. */
    public Builder retryInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("retry interval " + value + " must be positive");
      }
      this.retryInterval = value;
      return this;
    }

    /**
     * Reactive fragmentation (RFC 9171 §5.8; RFC 9174 §3.2), off by default. On, a transfer cut
     * short is not all lost:
     *
     * <ul>
     *   <li>sending: when a send fails after the peer acknowledged a prefix of the encoded bundle
     *       that reaches into the payload ({@link SendResult.Failed#acknowledgedBytes()}), only the
     *       rest of the payload is sent again, as a fragment; otherwise the whole bundle is;
     *   <li>receiving: the octets of a cut transfer that a convergence layer hands over ({@link
     *       ConvergenceLayer.Listener#bundlePrefixReceived}) are kept as a fragment, if they make
     *       one ({@link #receivePrefix}).
     * </ul>
     *
     * <p>Why off by default: sending only the rest is safe only if the peer kept the acknowledged
     * part, and neither TCPCL nor any other convergence layer lets a peer say that it does (an
     * intermediate XFER_ACK promises reception, not retention). A peer that does not keep prefixes
     * (reactive fragmentation off, or another implementation) would never get the start of the
     * payload, and the bundle would never be delivered. Turn it on only on every node of a network
     * (or of the links that may be cut). Whole resends cost bandwidth, never a bundle. Also, the
     * payload block's CRC cannot be checked on a prefix: use it over links whose transport protects
     * integrity (TCP, TLS), not over links with undetected bit errors.
     */
    public Builder reactiveFragmentation(boolean value) {
      this.reactiveFragmentation = value;
      return this;
    }

    public Builder administrativeRecordListener(AdministrativeRecordListener value) {
      this.adminListener = Objects.requireNonNull(value, "administrativeRecordListener");
      return this;
    }

    /**
     * Bounds the memory of ADU reassembly (RFC 9171 §5.9, see {@link Reassembly}): at most {@code
     * maxPendingAdus} bundles reassembled at once, at most {@code maxPendingBytes} payload bytes
     * kept for them (also the largest ADU this node reassembles). A fragment beyond a limit is
     * deleted (depleted storage).
     *
     * @throws IllegalArgumentException if a limit is below 1
     */
    public Builder reassemblyLimits(int maxPendingAdus, long maxPendingBytes) {
      if (maxPendingAdus < 1 || maxPendingBytes < 1) {
        throw new IllegalArgumentException(
            "reassembly limits " + maxPendingAdus + " ADUs, " + maxPendingBytes + " bytes: < 1");
      }
      this.reassemblyMaxAdus = maxPendingAdus;
      this.reassemblyMaxBytes = maxPendingBytes;
      return this;
    }

    /**
     * The directory where the agent keeps the payload files it owns (docs/agent.md, "Large
     * payloads"): files sent with {@link BundleProtocolAgent#transmit(EndpointId, EndpointId, Path,
     * TransmitOptions)}, ADUs reassembled in files, and the files of bundles convergence layers
     * hand over. The agent deletes a file there once it no longer holds its bundle, and when it is
     * built it deletes the regular files a previous (crashed) agent left there. Must be on the same
     * file system as the files sent (for hard links) and the store's directory, and apart from the
     * store's directory; created if absent. Without it, the agent handles file-backed bundles it is
     * given but cannot send files and reassembles in memory only.
     *
     * @throws UncheckedIOException if the directory cannot be created
     */
    public Builder payloadDirectory(Path value) {
      try {
        this.payloadDirectory = Files.createDirectories(value.toAbsolutePath().normalize());
      } catch (IOException e) {
        throw new UncheckedIOException("could not create " + value, e);
      }
      return this;
    }

    public BundleProtocolAgent build() {
      return new BundleProtocolAgent(this);
    }
  }
}
