package org.starlane.node.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The text of {@code starlane --version}: the Starlane version from the jar manifest ({@code
 * Implementation-Version}, "development build" when run from classes), the protocol, and the Java
 * runtime.
 */
public final class StarlaneVersion implements IVersionProvider {

  /** The Starlane version, or "development build" when not run from a packaged jar. */
  public static String version() {
    String version = StarlaneVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "starlane " + version(),
      "Bundle Protocol version 7 (RFC 9171)",
      "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
    };
  }
}
