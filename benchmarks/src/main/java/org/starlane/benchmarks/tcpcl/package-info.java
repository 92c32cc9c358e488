/**
 * JMH benchmarks of TCPCLv4 (RFC 9174): one session over loopback, plain and with TLS 1.3, carrying
 * small and large bundles with XFER_ACKs (the throughput an agent sees from {@code
 * org.starlane.cl.tcpcl.TcpclLink#send}).
 */
package org.starlane.benchmarks.tcpcl;
