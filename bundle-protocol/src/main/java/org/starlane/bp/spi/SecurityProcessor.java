package org.starlane.bp.spi;

import org.starlane.bp.bundle.Bundle;

/**
 * The BPSec (RFC 9172) hooks in the agent's procedures: at reception (RFC 9171 §5.6, after the
 * bundle is decoded and before it is dispatched: verify and decrypt what is addressed to this
 * node), before forwarding (§5.4 step 4: add the security blocks that policy requires) and at local
 * delivery (§5.7: check that what policy requires was verified). Called only on the agent's thread.
 * Expected outcomes are {@link SecurityOutcome}s; an exception is a bug.
 */
public interface SecurityProcessor {

  /** A processor that lets every bundle through unchanged: no security policy. */
  SecurityProcessor NONE =
      new SecurityProcessor() {
        @Override
        public SecurityOutcome atReception(Bundle bundle) {
          return new SecurityOutcome.Continue(bundle);
        }

        @Override
        public SecurityOutcome beforeForwarding(Bundle bundle) {
          return new SecurityOutcome.Continue(bundle);
        }

        @Override
        public SecurityOutcome atLocalDelivery(Bundle bundle) {
          return new SecurityOutcome.Continue(bundle);
        }

        @Override
        public String toString() {
          return "SecurityProcessor.NONE";
        }
      };

  /** A bundle arrived from a convergence layer (RFC 9171 §5.6). */
  SecurityOutcome atReception(Bundle bundle);

  /** A bundle is about to be handed to a convergence layer (RFC 9171 §5.4 step 4). */
  SecurityOutcome beforeForwarding(Bundle bundle);

  /** A bundle is about to be delivered to a local application (RFC 9171 §5.7). */
  SecurityOutcome atLocalDelivery(Bundle bundle);
}
