/**
 * The {@code starlane} command line (picocli): {@code starlane bundle create} builds a BPv7 bundle
 * (RFC 9171 §4) from options, {@code starlane bundle inspect} decodes and validates one with {@link
 * org.starlane.bp.bundle.BundleCodec} and prints it as text or JSON.
 *
 * <p>{@link org.starlane.node.cli.StarlaneCommand} is the entry point, both for {@code java -jar
 * starlane.jar} and in-process ({@code new CommandLine(new StarlaneCommand()).execute(args)}): text
 * goes to the {@code CommandLine}'s out and err writers, never to {@code System.out} directly;
 * binary input and output (standard input, {@code --out -}) and the clock go through the {@code
 * StarlaneCommand} constructor.
 *
 * <p>Exit codes: 0 success, 1 invalid arguments or an I/O error, 2 the input is not a valid bundle
 * (see {@link org.starlane.node.cli.StarlaneCommand#EXIT_BUNDLE_FORMAT}).
 */
package org.starlane.node.cli;
